/**
 * The listeners of each channel of a message bus; tells when a channel gets its first listener or
 * loses its last (when a broker subscription starts or ends).
 * @module
 */
import type { BusListener } from '../../ports/message-bus.ts';

export class ChannelListeners {
  readonly #byChannel = new Map<string, Set<BusListener>>();

  /** True when `channel` had no listener before. */
  add(channel: string, listener: BusListener): boolean {
    const listeners = this.#byChannel.get(channel);
    if (listeners) {
      listeners.add(listener);
      return false;
    }
    this.#byChannel.set(channel, new Set([listener]));
    return true;
  }

  /** True when `channel` has no listener left. */
  remove(channel: string, listener: BusListener): boolean {
    const listeners = this.#byChannel.get(channel);
    if (!listeners?.delete(listener) || listeners.size > 0) return false;
    this.#byChannel.delete(channel);
    return true;
  }

  deliver(channel: string, message: string): void {
    for (const listener of this.#byChannel.get(channel) ?? []) listener(message);
  }
}
