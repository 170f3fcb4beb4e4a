/**
 * Every A2A server record in the shared `KeyValueStore`, with TTLs, so any replica serves any
 * request: tasks, `(contextId, messageId)` dedup claims, context reservations and push configs.
 * @module
 */
import type { KeyValueStore } from '../../ports/key-value-store.ts';
import type { PushConfig, TaskRecord } from './task-model.ts';

/**
 * A dedup entry: the turn is still running somewhere, or its final task snapshot; `fingerprint`
 * identifies the message's content, so reusing its id for other content is told from a retry.
 */
export type DedupEntry = ({ readonly status: 'in_flight'; readonly taskId: string } | { readonly status: 'done'; readonly task: TaskRecord }) & { readonly fingerprint?: string };

export interface ContextRecord {
  /** The `input-required` task holding the context until a follow-up or a cancel. */
  readonly reservedBy?: string;
  readonly lastTaskId: string;
}

export interface RecordTtls {
  /** Tasks and context records after their last change. */
  readonly recordMs: number;
  /** Finished dedup entries (`a2a_message_cache_ttl_seconds`). */
  readonly dedupMs: number;
  /** In-flight claims: longer than any turn may take, so a crashed replica's claim expires. */
  readonly inFlightMs: number;
}

const PREFIX = 'a2a:';
const key = {
  task: (id: string) => `${PREFIX}task:${enc(id)}`,
  dedup: (contextId: string, messageId: string) => `${PREFIX}dedup:${enc(contextId)}:${enc(messageId)}`,
  context: (id: string) => `${PREFIX}ctx:${enc(id)}`,
  push: (taskId: string, configId: string) => `${PREFIX}push:${enc(taskId)}:${enc(configId)}`,
};

function enc(part: string): string {
  return encodeURIComponent(part);
}

export class A2aRecords {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly ttls: RecordTtls,
  ) {}

  async getTask(id: string): Promise<TaskRecord | undefined> {
    return read<TaskRecord>(await this.kv.get(key.task(id)));
  }

  /** Every task in the store (ListTasks filters and pages them). */
  async listTasks(): Promise<TaskRecord[]> {
    const keys = await this.kv.keysWithPrefix(`${PREFIX}task:`);
    const tasks = await Promise.all(keys.map(async (k) => read<TaskRecord>(await this.kv.get(k))));
    return tasks.filter((t): t is TaskRecord => t !== undefined);
  }

  /** `pinned` tasks (holding a reservation) do not expire. Resolves to the JSON stored, for `getTaskIfChanged` and `finishMessage`. */
  async putTask(task: TaskRecord, pinned = false): Promise<string> {
    const json = JSON.stringify(task);
    await this.kv.set(key.task(task.id), json, pinned ? undefined : this.ttls.recordMs);
    return json;
  }

  /** The task, unless it is gone or still the `written` JSON (then nothing is decoded). */
  async getTaskIfChanged(id: string, written: string): Promise<TaskRecord | undefined> {
    const raw = await this.kv.get(key.task(id));
    return raw === written ? undefined : read<TaskRecord>(raw);
  }

  /** Claims `(contextId, messageId)` for a new turn; otherwise returns what holds it. */
  async claimMessage(contextId: string, messageId: string, taskId: string, fingerprint: string): Promise<DedupEntry | 'claimed'> {
    const entry: DedupEntry = { status: 'in_flight', taskId, fingerprint };
    if (await this.kv.setIfAbsent(key.dedup(contextId, messageId), JSON.stringify(entry), this.ttls.inFlightMs)) return 'claimed';
    // Expired between the two calls: treat as in flight; the caller's retry claims it.
    return read<DedupEntry>(await this.kv.get(key.dedup(contextId, messageId))) ?? entry;
  }

  /** Records the message's final task, given as the JSON `putTask` stored (not encoded twice). */
  async finishMessage(contextId: string, messageId: string, taskJson: string, fingerprint: string): Promise<void> {
    const entry = `{"status":"done","task":${taskJson},"fingerprint":${JSON.stringify(fingerprint)}}`;
    await this.kv.set(key.dedup(contextId, messageId), entry, this.ttls.dedupMs);
  }

  /** Forgets a claim whose turn never ran (bad input), so a corrected retry is processed. */
  async releaseMessage(contextId: string, messageId: string): Promise<void> {
    await this.kv.delete(key.dedup(contextId, messageId));
  }

  async getContext(id: string): Promise<ContextRecord | undefined> {
    return read<ContextRecord>(await this.kv.get(key.context(id)));
  }

  /** Reserved contexts have no TTL: only a follow-up or a cancel releases them. */
  async putContext(id: string, record: ContextRecord): Promise<void> {
    await this.kv.set(key.context(id), JSON.stringify(record), record.reservedBy ? undefined : this.ttls.recordMs);
  }

  async countContexts(): Promise<number> {
    return (await this.kv.keysWithPrefix(`${PREFIX}ctx:`)).length;
  }

  /** Push configs live as long as their task may still change. */
  async putPushConfig(config: PushConfig): Promise<void> {
    await this.kv.set(key.push(config.taskId, config.id), JSON.stringify(config), this.ttls.recordMs);
  }

  async getPushConfig(taskId: string, configId: string): Promise<PushConfig | undefined> {
    return read<PushConfig>(await this.kv.get(key.push(taskId, configId)));
  }

  async listPushConfigs(taskId: string): Promise<PushConfig[]> {
    const keys = await this.kv.keysWithPrefix(key.push(taskId, ''));
    const configs = await Promise.all(keys.map(async (k) => read<PushConfig>(await this.kv.get(k))));
    return configs.filter((c): c is PushConfig => c !== undefined).sort((a, b) => a.id.localeCompare(b.id));
  }

  async deletePushConfig(taskId: string, configId: string): Promise<void> {
    await this.kv.delete(key.push(taskId, configId));
  }
}

function read<T>(raw: string | undefined): T | undefined {
  return raw === undefined ? undefined : (JSON.parse(raw) as T);
}
