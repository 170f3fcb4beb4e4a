/**
 * Tracker store in Redis (Rasa `RedisTrackerStore`): the conversation's packed head under Rasa's key
 * `tracker:<sender>`, and the chunks of its event log in a hash `tracker_events:<sender>` keyed by
 * the index of their first event (see event-log). Both optionally expire `record_exp` seconds after
 * the last save; a save is one MULTI, a load one script.
 * @module
 */
import type { Redis } from 'ioredis';
import { type ConversationWrite, type EventLogBackend, EventLogTrackerStore, type StoredConversation } from './event-log.ts';
import { scanKeys } from './redis-connection.ts';
import { packedJson } from './state-codec.ts';

/**
 * The head and the chunks from ARGV[1] on, in one atomic step; filtered in Redis so a turn does not
 * transfer the chunks this process has decoded already (their field names are not known in advance).
 */
const READ_SCRIPT = `local head = redis.call('get', KEYS[1])
if not head then return false end
local reply = { head }
local fields = redis.call('hgetall', KEYS[2])
for i = 1, #fields, 2 do
  if tonumber(fields[i]) >= tonumber(ARGV[1]) then
    reply[#reply + 1] = fields[i]
    reply[#reply + 1] = fields[i + 1]
  end
end
return reply`;

export interface RedisTrackerStoreOptions {
  /** Prepended to sender ids for heads, e.g. `tracker:` (Rasa's default). */
  readonly keyPrefix: string;
  /** Prepended to sender ids for event chunks, e.g. `tracker_events:`. */
  readonly eventsKeyPrefix: string;
  /** Seconds a conversation lives after its last save; omitted = forever. */
  readonly recordExpSeconds?: number;
}

/** Takes ownership of `redis`: `close()` quits it. */
export function redisTrackerStore(redis: Redis, options: RedisTrackerStoreOptions): EventLogTrackerStore<Buffer> {
  return new EventLogTrackerStore(new RedisEventLog(redis, options), packedJson);
}

class RedisEventLog implements EventLogBackend<Buffer> {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisTrackerStoreOptions,
  ) {}

  async read(senderId: string, fromIndex: number): Promise<StoredConversation<Buffer> | undefined> {
    const keys = [this.options.keyPrefix + senderId, this.options.eventsKeyPrefix + senderId];
    const reply = (await this.redis.callBuffer('EVAL', READ_SCRIPT, 2, ...keys, fromIndex)) as Buffer[] | null;
    if (reply === null) return undefined;
    const [head, ...fields] = reply as [Buffer, ...Buffer[]];
    const chunks: [number, Buffer][] = [];
    for (let i = 0; i < fields.length; i += 2) chunks.push([Number((fields[i] as Buffer).toString()), fields[i + 1] as Buffer]);
    chunks.sort(([a], [b]) => a - b);
    return { head, chunks: chunks.map(([, data]) => data) };
  }

  async write(senderId: string, plan: (previousHead: Buffer | undefined) => ConversationWrite<Buffer>): Promise<void> {
    const headKey = this.options.keyPrefix + senderId;
    const eventsKey = this.options.eventsKeyPrefix + senderId;
    // Callers hold the conversation's lock, so nobody writes between this read and the MULTI.
    const write = plan((await this.redis.getBuffer(headKey)) ?? undefined);
    const exp = this.options.recordExpSeconds;
    const multi = this.redis.multi();
    if (exp !== undefined && exp > 0) multi.set(headKey, write.head, 'EX', exp);
    else multi.set(headKey, write.head);
    if (write.replaceChunks) multi.del(eventsKey);
    if (write.chunks.length > 0) multi.hset(eventsKey, ...write.chunks.flatMap((c) => [String(c.first), c.data]));
    if (exp !== undefined && exp > 0) multi.expire(eventsKey, exp);
    const replies = await multi.exec();
    const failed = replies?.find(([error]) => error !== null);
    if (failed) throw failed[0] as Error;
  }

  async delete(senderId: string): Promise<void> {
    await this.redis.del(this.options.keyPrefix + senderId, this.options.eventsKeyPrefix + senderId);
  }

  keys(): Promise<string[]> {
    return scanKeys(this.redis, this.options.keyPrefix);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
