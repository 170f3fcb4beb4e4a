/**
 * Sends one user message and follows the reply until the agent settles: a `Message` at once; a
 * `Task` over SSE when the card advertises streaming, otherwise by polling `GetTask`/`tasks/get`
 * with back-off. `submitted`/`working` status texts are relayed as interim messages (when polling,
 * also those that came and went between two polls, from the task's history). Bounded in
 * time by the caller's signal (`max_polling_time` and cancellation).
 * @module
 */
import { Role, TaskState, type Message, type StreamResponse, type Task, type TaskArtifactUpdateEvent } from '@a2a-js/sdk';
import type { SendMessageRequest } from '@a2a-js/sdk';
import { describeError } from './a2a-errors.ts';
import type { A2aConnection } from './a2a-connection.ts';
import { partsText } from './a2a-message-codec.ts';
import { nextDelay, sleep, withRetries, type RetryPolicy } from './backoff.ts';

export type Reply = { readonly kind: 'message'; readonly message: Message } | { readonly kind: 'task'; readonly task: Task };

export interface FollowOptions {
  readonly retry: RetryPolicy;
  readonly pollingInitialDelayMs: number;
  readonly signal: AbortSignal;
  /** Called with the remote task id as soon as it is known (for cancellation). */
  readonly onTask: (taskId: string) => void;
  /** A `submitted`/`working` status text, each distinct text once. */
  readonly onProgress: (text: string, task: Task) => void;
}

const SETTLED = new Set<TaskState>([
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
  TaskState.TASK_STATE_INPUT_REQUIRED,
  TaskState.TASK_STATE_AUTH_REQUIRED,
]);

export function isSettled(task: Task): boolean {
  return task.status !== undefined && SETTLED.has(task.status.state);
}

/** Messages of the task's history a poll asks for: enough to reach back to the message we sent. */
const POLLED_HISTORY = 32;

export const ACCEPTED_OUTPUT_MODES = ['text', 'text/plain', 'application/json'];

function request(message: Message, returnImmediately: boolean): SendMessageRequest {
  return {
    tenant: '',
    message,
    configuration: { acceptedOutputModes: ACCEPTED_OUTPUT_MODES, taskPushNotificationConfig: undefined, returnImmediately },
    metadata: undefined,
  };
}

function withArtifact(task: Task, update: TaskArtifactUpdateEvent): Task {
  const artifact = update.artifact;
  if (!artifact) return task;
  const index = task.artifacts.findIndex((a) => a.artifactId === artifact.artifactId);
  if (index < 0) return { ...task, artifacts: [...task.artifacts, artifact] };
  const previous = task.artifacts[index]!;
  const merged = update.append ? { ...previous, parts: [...previous.parts, ...artifact.parts] } : artifact;
  return { ...task, artifacts: task.artifacts.map((a, i) => (i === index ? merged : a)) };
}

function applyEvent(task: Task | undefined, event: StreamResponse): Task | Message {
  const p = event.payload;
  if (!p) throw new Error('the agent sent an empty stream event');
  switch (p.$case) {
    case 'message':
      return p.value;
    case 'task':
      return p.value;
    case 'statusUpdate': {
      const base = task ?? { id: p.value.taskId, contextId: p.value.contextId, status: undefined, artifacts: [], history: [], metadata: undefined };
      return { ...base, status: p.value.status };
    }
    case 'artifactUpdate': {
      const base = task ?? { id: p.value.taskId, contextId: p.value.contextId, status: undefined, artifacts: [], history: [], metadata: undefined };
      return withArtifact(base, p.value);
    }
  }
}

function isMessage(value: Task | Message): value is Message {
  return 'messageId' in value;
}

class Follower {
  readonly #sent = new Set<string>();
  constructor(
    readonly connection: A2aConnection,
    readonly options: FollowOptions,
    /** The id of the message this follower sent: the agent's messages after it in the history are this turn's. */
    readonly sentId: string,
  ) {}

  observe(task: Task): void {
    this.options.onTask(task.id);
    const state = task.status?.state;
    const working = state === TaskState.TASK_STATE_SUBMITTED || state === TaskState.TASK_STATE_WORKING;
    // A status shown only between two polls is still in the history (agents keep each status message
    // there); relayed in order, and without the settled status, which is the reply, not progress.
    const current = task.status?.message;
    for (const message of this.#agentMessagesSinceSent(task)) if (working || message.messageId !== current?.messageId) this.#relay(message, task);
    if (working && current) this.#relay(current, task);
  }

  #agentMessagesSinceSent(task: Task): Message[] {
    const sent = task.history.findIndex((m) => m.messageId === this.sentId);
    return sent < 0 ? [] : task.history.slice(sent + 1).filter((m) => m.role === Role.ROLE_AGENT);
  }

  #relay(message: Message, task: Task): void {
    const text = partsText(message.parts);
    if (text === '' || this.#sent.has(text)) return;
    this.#sent.add(text);
    this.options.onProgress(text, task);
  }

  async stream(message: Message): Promise<Reply> {
    const { client } = this.connection;
    let task: Task | undefined;
    const open = async (): Promise<Reply | undefined> => {
      let events = 0;
      try {
        for await (const event of client.sendMessageStream(request(message, false), { signal: this.options.signal })) {
          events++;
          const next = applyEvent(task, event);
          if (isMessage(next)) return { kind: 'message', message: next };
          task = next;
          this.observe(task);
          if (isSettled(task)) return { kind: 'task', task };
        }
        return undefined;
      } catch (error) {
        // Only a stream that never started may be opened again: the agent has not seen the message.
        if (events > 0) throw new Error(`the event stream broke: ${describeError(error)}`, { cause: error });
        throw error;
      }
    };
    const reply = await withRetries(open, this.options.retry, this.options.signal);
    if (reply) return reply;
    if (!task) throw new Error('the agent closed the event stream without sending a task or message');
    return this.poll(task);
  }

  async send(message: Message): Promise<Reply> {
    const result = await withRetries(() => this.connection.client.sendMessage(request(message, true), { signal: this.options.signal }), this.options.retry, this.options.signal);
    if (isMessage(result)) return { kind: 'message', message: result };
    this.observe(result);
    return isSettled(result) ? { kind: 'task', task: result } : this.poll(result);
  }

  async poll(first: Task): Promise<Reply> {
    let delay = this.options.pollingInitialDelayMs;
    let task = first;
    for (;;) {
      await sleep(delay, this.options.signal);
      const current = task;
      task = await withRetries(() => this.connection.client.getTask({ tenant: '', id: current.id, historyLength: POLLED_HISTORY }, { signal: this.options.signal }), this.options.retry, this.options.signal);
      this.observe(task);
      if (isSettled(task)) return { kind: 'task', task };
      delay = nextDelay(delay);
    }
  }
}

/** Sends `message` and waits until the agent answers with a Message or its task settles. */
export function followReply(connection: A2aConnection, message: Message, options: FollowOptions): Promise<Reply> {
  const follower = new Follower(connection, options, message.messageId);
  return connection.streaming ? follower.stream(message) : follower.send(message);
}
