/**
 * Fan-out of short-lived notices between replicas (Redis pub/sub): whoever listens on a channel at
 * the moment a message is published gets it, nobody else; nothing is kept. The shared store stays
 * the record, so a missed message costs latency, not data.
 * @module
 */

export type BusListener = (message: string) => void;

export interface MessageBus {
  /** Resolves once the message is handed to the bus (not when it is received). */
  publish(channel: string, message: string): Promise<void>;
  /** Listens on `channel` until the returned function is called. */
  subscribe(channel: string, listener: BusListener): Promise<() => void>;
  close(): Promise<void>;
}
