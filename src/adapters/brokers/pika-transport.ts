/**
 * RabbitMQ as Rasa's `event_broker: {type: pika}`: a fanout exchange (`exchange_name`, default
 * `rasa-exchange`, declared as Rasa declares it) with the durable `queues` bound to it (default
 * `rasa_core_events`), persistent messages, `app_id` from `RASA_ENVIRONMENT`. Publisher confirms:
 * a batch counts as sent only once RabbitMQ acknowledged it. A lost connection is reopened on the
 * next send (the outbox retries).
 * @module
 */
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import type { Logger } from 'pino';
import { readOptions } from '../stores/store-options.ts';
import type { BrokerMessage, EventTransport } from './outbox.ts';

export const DEFAULT_EXCHANGE = 'rasa-exchange';
export const DEFAULT_QUEUE = 'rasa_core_events';

export interface PikaSettings {
  readonly url: string;
  /** For logs: the URL without credentials. */
  readonly target: string;
  readonly exchange: string;
  readonly queues: readonly string[];
  readonly retryDelayMs: number;
  readonly keepUnpublished: boolean;
  readonly socket: { cert?: Buffer; key?: Buffer };
}

/** Reads Rasa's pika keys: `url` (host or `amqp(s)://` URL), `port`, `username`, `password`, `queues`, `exchange_name`, `retry_delay_in_seconds`, `should_keep_unpublished_messages`. */
export function pikaSettings(raw: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): PikaSettings {
  const options = readOptions('event_broker', raw);
  const host = options.string('url') ?? options.string('host') ?? 'localhost';
  const port = options.number('port') ?? 5672;
  const username = options.string('username') ?? 'guest';
  const password = options.string('password') ?? 'guest';
  const parsed = new URL(host.startsWith('amqp') ? host : `amqp://${host}`);
  parsed.port = String(port);
  const target = `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  parsed.username = encodeURIComponent(username);
  parsed.password = encodeURIComponent(password);
  const queues = raw.queues;
  const cert = env.RABBITMQ_SSL_CLIENT_CERTIFICATE;
  const key = env.RABBITMQ_SSL_CLIENT_KEY;
  return {
    url: parsed.toString(),
    target,
    exchange: options.string('exchange_name') ?? DEFAULT_EXCHANGE,
    queues: Array.isArray(queues) ? queues.map(String) : typeof queues === 'string' ? [queues] : [DEFAULT_QUEUE],
    retryDelayMs: (options.number('retry_delay_in_seconds') ?? 5) * 1000,
    keepUnpublished: options.boolean('should_keep_unpublished_messages') ?? true,
    socket: cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : {},
  };
}

export class PikaTransport implements EventTransport {
  readonly #settings: PikaSettings;
  readonly #logger: Logger;
  readonly #appId: string | undefined;
  #connection: amqp.ChannelModel | undefined;
  #channel: amqp.ConfirmChannel | undefined;

  constructor(settings: PikaSettings, logger: Logger, env: NodeJS.ProcessEnv = process.env) {
    this.#settings = settings;
    this.#logger = logger;
    this.#appId = env.RASA_ENVIRONMENT;
  }

  get target(): string {
    return this.#settings.target;
  }

  async send(messages: readonly BrokerMessage[]): Promise<void> {
    const channel = this.#channel ?? (await this.#open());
    try {
      for (const message of messages) {
        channel.publish(this.#settings.exchange, '', Buffer.from(message.body), { persistent: true, ...(this.#appId ? { appId: this.#appId } : {}) });
      }
      await channel.waitForConfirms();
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#channel = undefined;
    await connection?.close().catch(() => undefined);
  }

  async #open(): Promise<amqp.ConfirmChannel> {
    const connection = await amqp.connect(this.#settings.url, { ...this.#settings.socket, timeout: 10_000 });
    // Without these listeners a broker restart would be an unhandled 'error' event and end the process.
    connection.on('error', (error: Error) => this.#logger.warn({ broker: this.target, reason: error.message }, 'event broker connection error'));
    connection.on('close', () => {
      if (this.#connection === connection) {
        this.#connection = undefined;
        this.#channel = undefined;
      }
    });
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: Error) => this.#logger.warn({ broker: this.target, reason: error.message }, 'event broker channel error'));
      // Declared as Rasa declares them, so both can publish to the same exchange and queues.
      await channel.assertExchange(this.#settings.exchange, 'fanout', { durable: false });
      for (const queue of this.#settings.queues) {
        await channel.assertQueue(queue, { durable: true });
        await channel.bindQueue(queue, this.#settings.exchange, '');
      }
      this.#connection = connection;
      this.#channel = channel;
      this.#logger.info({ broker: this.target, exchange: this.#settings.exchange, queues: this.#settings.queues }, 'event broker connected');
      return channel;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }
}
