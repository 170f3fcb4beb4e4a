/**
 * The message bus within one process (no shared broker): the A2A listeners of one process (HTTP
 * and gRPC) see each other's progress; other processes rely on polling the store.
 * @module
 */
import type { BusListener, MessageBus } from '../../ports/message-bus.ts';
import { ChannelListeners } from './channel-listeners.ts';

export class LocalMessageBus implements MessageBus {
  readonly #listeners = new ChannelListeners();

  async publish(channel: string, message: string): Promise<void> {
    this.#listeners.deliver(channel, message);
  }

  async subscribe(channel: string, listener: BusListener): Promise<() => void> {
    this.#listeners.add(channel, listener);
    return () => void this.#listeners.remove(channel, listener);
  }

  async close(): Promise<void> {}
}
