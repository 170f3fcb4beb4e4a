/**
 * The message bus over Redis pub/sub, for replicas sharing the Redis of `lock_store`: one connection
 * publishes, one (in subscriber mode, as Redis requires) listens to the channels this replica has
 * listeners on. Channels carry the store's key prefix. ioredis re-subscribes after a reconnect;
 * what was published meanwhile is missed (the store has it).
 * @module
 */
import type { Redis } from 'ioredis';
import type { BusListener, MessageBus } from '../../ports/message-bus.ts';
import { connectRedis, pingConnected, redisKeyPrefix } from '../stores/redis-connection.ts';
import type { OptionReader } from '../stores/store-options.ts';
import { ChannelListeners } from './channel-listeners.ts';

export class RedisMessageBus implements MessageBus {
  readonly #listeners = new ChannelListeners();

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel.startsWith(prefix)) this.#listeners.deliver(channel.slice(prefix.length), message);
    });
  }

  static async open(options: OptionReader): Promise<RedisMessageBus> {
    const publisher = await connectRedis(options);
    try {
      const subscriber = await pingConnected(publisher.duplicate(), (reason, cause) => new Error(`${options.section}: cannot open a Redis subscriber connection (${reason}).`, { cause }));
      return new RedisMessageBus(publisher, subscriber, redisKeyPrefix(options, 'bus'));
    } catch (error) {
      publisher.disconnect();
      throw error;
    }
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, listener: BusListener): Promise<() => void> {
    if (this.#listeners.add(channel, listener)) await this.subscriber.subscribe(this.prefix + channel);
    return () => {
      if (this.#listeners.remove(channel, listener)) this.subscriber.unsubscribe(this.prefix + channel).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }
}
