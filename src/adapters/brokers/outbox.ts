/**
 * The in-memory outbox between turns and an event broker: turns hand events over without waiting,
 * one sender delivers them in order (batches), and a failed batch is retried with backoff until the
 * broker takes it. What is in the outbox is lost if the process dies (the events stay in the
 * tracker store); past `maxQueued` new events are dropped and logged.
 * @module
 */
import type { Logger } from 'pino';

/** One published event: the JSON body Rasa publishes and its conversation (a partition key, a column). */
export interface BrokerMessage {
  readonly senderId: string;
  readonly body: string;
}

/** Where the outbox delivers: resolves once the broker acknowledged every message of the batch. */
export interface EventTransport {
  /** Human-readable target for logs (never with credentials). */
  readonly target: string;
  send(messages: readonly BrokerMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface OutboxOptions {
  readonly logger: Logger;
  /** Default 100 000 messages. */
  readonly maxQueued?: number;
  /** Default 200 messages per send. */
  readonly batchSize?: number;
  /** First and longest wait between retries (ms); defaults 200 and 5 000. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** Rasa's `should_keep_unpublished_messages`: false drops a batch that failed once. Default true. */
  readonly keepUnpublished?: boolean;
}

export class Outbox {
  readonly #transport: EventTransport;
  readonly #options: Required<Omit<OutboxOptions, 'logger'>> & { logger: Logger };
  readonly #queue: BrokerMessage[] = [];
  #sending: Promise<void> | undefined;
  #closed = false;
  #wakeRetry: (() => void) | undefined;
  #dropped = 0;

  constructor(transport: EventTransport, options: OutboxOptions) {
    this.#transport = transport;
    this.#options = { maxQueued: 100_000, batchSize: 200, retryMinMs: 200, retryMaxMs: 5_000, keepUnpublished: true, ...options };
  }

  /** Messages not yet acknowledged by the broker. */
  get pending(): number {
    return this.#queue.length;
  }

  push(messages: readonly BrokerMessage[]): void {
    if (this.#closed) return;
    const room = this.#options.maxQueued - this.#queue.length;
    if (room < messages.length) {
      this.#dropped += messages.length - Math.max(room, 0);
      this.#options.logger.error({ broker: this.#transport.target, dropped: this.#dropped, queued: this.#queue.length }, 'event broker outbox is full: events dropped');
    }
    for (const message of messages.slice(0, Math.max(room, 0))) this.#queue.push(message);
    this.#sending ??= this.#drain().finally(() => (this.#sending = undefined));
  }

  /** Waits until the outbox is empty or `timeoutMs` passed; true when empty. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.#queue.length === 0;
  }

  /** Delivers what it can within `timeoutMs`, then closes the transport. */
  async close(timeoutMs = 5_000): Promise<void> {
    const flushed = await this.flush(timeoutMs);
    this.#closed = true;
    this.#wakeRetry?.();
    if (!flushed) this.#options.logger.warn({ broker: this.#transport.target, lost: this.#queue.length }, 'event broker: closing with undelivered events');
    await this.#sending;
    await this.#transport.close();
  }

  async #drain(): Promise<void> {
    let delay = this.#options.retryMinMs;
    while (this.#queue.length > 0 && !this.#closed) {
      const batch = this.#queue.slice(0, this.#options.batchSize);
      try {
        await this.#transport.send(batch);
        this.#queue.splice(0, batch.length);
        delay = this.#options.retryMinMs;
      } catch (error) {
        this.#options.logger.warn({ broker: this.#transport.target, pending: this.#queue.length, retryInMs: delay, reason: (error as Error).message }, 'event broker: publishing failed, will retry');
        if (!this.#options.keepUnpublished) {
          this.#queue.splice(0, batch.length);
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wakeRetry = undefined;
        delay = Math.min(delay * 2, this.#options.retryMaxMs);
      }
    }
  }
}
