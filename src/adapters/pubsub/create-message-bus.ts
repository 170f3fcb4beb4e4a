/**
 * The message bus beside the shared records: Redis pub/sub when `lock_store` is Redis (the A2A
 * records live there, so replicas sharing them share the bus), else within the process.
 * @module
 */
import type { StoreConfig } from '../../core/assistant.ts';
import type { MessageBus } from '../../ports/message-bus.ts';
import { KV_TYPES } from '../stores/store-factory.ts';
import { readOptions } from '../stores/store-options.ts';
import { LocalMessageBus } from './local-message-bus.ts';

export async function createMessageBus(config: StoreConfig | undefined, section = 'lock_store'): Promise<MessageBus> {
  if (config === undefined || KV_TYPES[config.type] !== 'redis') return new LocalMessageBus();
  const { RedisMessageBus } = await import('./redis-message-bus.ts');
  return RedisMessageBus.open(readOptions(section, config.options));
}
