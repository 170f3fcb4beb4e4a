/**
 * The A2A server's own task model, independent of protocol generation: the wire codecs
 * (`wire-v03.ts`, `wire-v10.ts`) translate it to and from v0.3 and v1.0 JSON.
 * @module
 */

/** Task states, spelled as in A2A v0.3 (v1.0 uses `TASK_STATE_*`). */
export type TaskState =
  | 'submitted'
  | 'working'
  | 'input-required'
  | 'auth-required'
  | 'completed'
  | 'failed'
  | 'canceled'
  | 'rejected';

/** States after which the task never changes again. */
export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(['completed', 'failed', 'canceled', 'rejected']);

/** States in which the task waits for the client: a message with its `taskId` continues it. */
export const INTERRUPTED_STATES: ReadonlySet<TaskState> = new Set(['input-required', 'auth-required']);

export type Generation = '0.3' | '1.0';

export type Part =
  | { readonly kind: 'text'; readonly text: string; readonly mediaType?: string; readonly metadata?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'data'; readonly data: Readonly<Record<string, unknown>>; readonly mediaType?: string; readonly metadata?: Readonly<Record<string, unknown>> }
  | {
      readonly kind: 'file';
      readonly file: { readonly uri?: string; readonly bytes?: string; readonly name?: string; readonly mimeType?: string };
      readonly metadata?: Readonly<Record<string, unknown>>;
    };

export interface A2aMessage {
  readonly messageId: string;
  readonly role: 'user' | 'agent';
  readonly parts: readonly Part[];
  readonly contextId?: string;
  readonly taskId?: string;
  readonly referenceTaskIds?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface TaskStatus {
  readonly state: TaskState;
  readonly message?: A2aMessage;
  /** ISO 8601. */
  readonly timestamp: string;
}

export interface Artifact {
  readonly artifactId: string;
  readonly name?: string;
  readonly parts: readonly Part[];
}

export interface TaskRecord {
  readonly id: string;
  readonly contextId: string;
  readonly status: TaskStatus;
  readonly history: readonly A2aMessage[];
  /** What the task's turns produced: streamed responses, and files and data the bot sent. */
  readonly artifacts?: readonly Artifact[];
  /** The statuses before `status`, newest last (a few): subscribers on other replicas replay what they did not see. Not on the wire. */
  readonly recentStatuses?: readonly TaskStatus[];
  /** JWT subject of the orchestrator that created it; other subjects cannot see the task. */
  readonly owner?: string;
}

export interface PushConfig {
  readonly id: string;
  readonly taskId: string;
  readonly url: string;
  /** Sent as `X-A2A-Notification-Token`. */
  readonly token?: string;
  /** Sent as `Authorization: <scheme> <credentials>`. */
  readonly authentication?: { readonly scheme: string; readonly credentials?: string };
  /** Which body shape the orchestrator expects: the v0.3 Task or the v1.0 StreamResponse. */
  readonly generation: Generation;
}

/** One piece of an artifact (a streamed response comes in many), as `TaskArtifactUpdateEvent` sends it. */
export interface ArtifactChunk {
  readonly artifact: Artifact;
  /** False on the first chunk of the artifact, true on the ones that extend it. */
  readonly append: boolean;
  readonly lastChunk: boolean;
}

/** What a streaming or push consumer sees while a task runs. */
export type TaskEvent =
  | { readonly type: 'task'; readonly task: TaskRecord }
  | { readonly type: 'status'; readonly task: TaskRecord; readonly final: boolean }
  | { readonly type: 'artifact'; readonly task: TaskRecord; readonly chunk: ArtifactChunk };
