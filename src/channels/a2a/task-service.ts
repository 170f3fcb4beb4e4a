/**
 * The A2A task lifecycle over the conversation runtime: one new task per message, `contextId` as
 * the conversation id, `(contextId, messageId)` dedup, `input-required` context reservations,
 * cancel, resubscribe and the task timeout. Protocol-generation agnostic; all state is in the store.
 * @module
 */
import { hash, randomUUID } from 'node:crypto';
import type { A2AServerConfig, Assistant } from '../../core/assistant.ts';
import type { Clock, IdSource } from '../../core/clock.ts';
import type { BotMessage } from '../../core/events.ts';
import { idProblem, jsonLimitProblem, METADATA_LIMITS } from '../../runtime/input-limits.ts';
import { presetSlotEvents } from '../../runtime/preset-slots.ts';
import type { TextChunk } from '../../ports/action-runner.ts';
import { InvalidInputError, type ConversationRuntime, type MessageSink, type TurnResult } from '../../runtime/processor-api.ts';
import { A2aError } from './a2a-errors.ts';
import { applyArtifactChunk, botMessageParts } from './artifacts.ts';
import type { A2aRecords } from './a2a-records.ts';
import type { A2aLogger } from './plugin-deps.ts';
import type { MessageBus } from '../../ports/message-bus.ts';
import type { PushConfigInput, SendParams, TaskListQuery } from './requests.ts';
import { pageOfTasks, type TaskPage } from './task-list.ts';
import { mapTurnToStatus, type MappedStatus } from './task-state-mapper.ts';
import { INTERRUPTED_STATES, TERMINAL_STATES, type A2aMessage, type ArtifactChunk, type Generation, type Part, type PushConfig, type TaskStatus, type TaskEvent, type TaskRecord } from './task-model.ts';

/** Who is asking: the JWT subject when auth is on. */
export interface Caller {
  readonly owner?: string;
}

export type TaskListener = (event: TaskEvent) => void;

/** Receives every task transition (push delivery); must not block. */
export interface TaskObserver {
  taskChanged(event: TaskEvent): void;
}

/** Checks a push URL before it is stored; throws `A2aError('invalid_params')`. */
export type PushTargetCheck = (url: string) => Promise<void>;

export interface TaskServiceDeps {
  readonly runtime: ConversationRuntime;
  readonly assistant: () => Assistant;
  readonly config: A2AServerConfig;
  readonly records: A2aRecords;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly observer: TaskObserver;
  readonly checkPushTarget: PushTargetCheck;
  readonly logger: A2aLogger;
  readonly subscribePollMs: number;
  readonly bus?: MessageBus;
}

const CONTEXT_COUNT_REFRESH_MS = 1000;

/** The name of the artifacts that carry streamed responses. */
export const STREAMED_RESPONSE_ARTIFACT = 'response';
/** The name of a file or data artifact from a bot message that names no response. */
const BOT_MESSAGE_ARTIFACT = 'bot_message';

export class TaskService {
  private contextCount = { value: 0, at: Number.NEGATIVE_INFINITY };
  /** Subscribers attached on this replica to tasks running here: they also see progress (working updates, artifact chunks). */
  private readonly localSubscribers = new Map<string, Set<TaskListener>>();
  /** Tells this service's own messages on the bus from other replicas'. */
  private readonly origin = randomUUID();

  constructor(private readonly deps: TaskServiceDeps) {}

  /** Runs one turn as a new task; resolves with the final task (or the working one when `returnImmediately`). */
  async send(params: SendParams, caller: Caller, generation: Generation, listener?: TaskListener): Promise<TaskRecord> {
    const { message } = params;
    if (message.role !== 'user') throw new A2aError('invalid_params', "message.role must be 'user'.");
    const input = readTurnInput(message);
    this.validatePresets(input.presetSlots);
    if (params.pushConfig) await this.checkPushConfig(params.pushConfig);
    const continued = message.taskId ? await this.continuedTask(message.taskId, message.contextId, caller) : undefined;
    const contextId = continued?.contextId ?? message.contextId ?? this.deps.ids.next();
    const taskId = continued?.id ?? this.deps.ids.next();
    const claim = await this.deps.records.claimMessage(contextId, message.messageId, taskId, input.fingerprint);
    if (claim !== 'claimed') {
      if (claim.fingerprint !== undefined && claim.fingerprint !== input.fingerprint) {
        throw new A2aError('invalid_params', `Message '${message.messageId}' on context '${contextId}' was already sent with other content; give new content a new messageId.`);
      }
      if (claim.status === 'in_flight') {
        throw new A2aError('duplicate_in_flight', `Message '${message.messageId}' on context '${contextId}' is still being processed.`);
      }
      if (claim.task.owner !== caller.owner) throw new A2aError('task_not_found', `Task '${claim.task.id}' not found.`);
      listener?.({ type: 'task', task: claim.task });
      listener?.({ type: 'status', task: claim.task, final: true });
      return claim.task;
    }

    let task: TaskRecord;
    let written: string;
    try {
      const context = await this.deps.records.getContext(contextId);
      if (!context) await this.admitContext();
      if (context?.reservedBy && context.reservedBy !== taskId) await this.releaseReservation(context.reservedBy);
      const userMessage: A2aMessage = { ...message, contextId, taskId };
      const status = { state: 'working' as const, timestamp: this.now() };
      // Continuing a task (spec style) keeps its id and grows its history; otherwise each message is a new task (Rasa style).
      task = continued
        ? { ...continued, status, history: [...continued.history, userMessage], recentStatuses: pastStatuses(continued) }
        : { id: taskId, contextId, status, history: [userMessage], ...(caller.owner ? { owner: caller.owner } : {}) };
      written = await this.deps.records.putTask(task);
      await this.deps.records.putContext(contextId, { lastTaskId: taskId });
      if (params.pushConfig) await this.storePushConfig(taskId, params.pushConfig, generation);
    } catch (error) {
      await this.deps.records.releaseMessage(contextId, message.messageId);
      throw error;
    }
    this.emit({ type: 'task', task }, listener);

    const finished = this.runTurn(task, written, message, input, listener);
    if (params.returnImmediately) {
      finished.catch((error: unknown) => this.deps.logger.error({ err: error, taskId }, 'a2a background turn failed'));
      return task;
    }
    return finished;
  }

  async get(taskId: string, caller: Caller): Promise<TaskRecord> {
    checkId('task id', taskId);
    const task = await this.deps.records.getTask(taskId);
    if (!task || task.owner !== caller.owner) throw new A2aError('task_not_found', `Task '${taskId}' not found.`);
    return task;
  }

  /** The caller's tasks, filtered and paged (ListTasks). */
  async list(query: TaskListQuery, caller: Caller): Promise<TaskPage> {
    return pageOfTasks(await this.deps.records.listTasks(), query, caller.owner);
  }

  async cancel(taskId: string, caller: Caller): Promise<TaskRecord> {
    const task = await this.get(taskId, caller);
    if (TERMINAL_STATES.has(task.status.state)) {
      throw new A2aError('task_not_cancelable', `Task '${taskId}' is already ${task.status.state} and cannot be canceled.`);
    }
    const canceled = this.withStatus(task, { state: 'canceled', data: { state: 'canceled', reason: 'canceled_by_orchestrator' } }, []);
    await this.deps.records.putTask(canceled);
    const context = await this.deps.records.getContext(task.contextId);
    if (context?.reservedBy === taskId) {
      await this.deps.records.putContext(task.contextId, { lastTaskId: context.lastTaskId });
      // The orchestrator abandoned the question this task asked: end the flow too, or the next message on the context would answer it.
      await this.deps.runtime.handleMessage({ senderId: task.contextId, text: null, channel: 'a2a', commands: [{ command: 'cancel flow' }] });
    }
    this.emit({ type: 'status', task: canceled, final: true });
    return canceled;
  }

  /**
   * Streams the current task, then every change until it is terminal (spec §3.1.6), or until it
   * waits for input that will never come because its context moved on to a new task. Changes made
   * on this replica arrive as they happen, those made on another replica through the message bus
   * (working updates and artifact chunks mid-turn); the store is polled as well, for what the bus
   * missed. A status seen twice is sent once; an artifact whose streaming was cut short is sent
   * whole from the store.
   */
  async subscribe(taskId: string, caller: Caller, listener: TaskListener, signal: AbortSignal): Promise<void> {
    let task = await this.subscribable(taskId, caller);
    const seenStatuses = new Set([...(task.recentStatuses ?? []), task.status].map(statusKey));
    /** Artifacts streamed to this subscriber: whole (`true`) or in part. */
    const artifactsSent = new Map((task.artifacts ?? []).map((a) => [a.artifactId, true]));
    listener({ type: 'task', task });
    const forward: TaskListener = (event) => {
      if (event.type === 'artifact') {
        const { artifactId } = event.chunk.artifact;
        if (artifactsSent.get(artifactId) === true) return;
        artifactsSent.set(artifactId, event.chunk.lastChunk);
        listener(event);
        return;
      }
      const key = statusKey(event.task.status);
      if (seenStatuses.has(key)) return;
      seenStatuses.add(key);
      listener({ type: 'status', task: event.task, final: TERMINAL_STATES.has(event.task.status.state) });
    };
    const detach = this.attachLocal(taskId, forward);
    const unsubscribe = await this.attachRemote(taskId, forward);
    try {
      while (!signal.aborted && !TERMINAL_STATES.has(task.status.state)) {
        if (INTERRUPTED_STATES.has(task.status.state) && (await this.deps.records.getContext(task.contextId))?.reservedBy !== taskId) break;
        await sleep(this.deps.subscribePollMs, signal);
        const current = await this.deps.records.getTask(taskId);
        if (!current) break;
        for (const artifact of current.artifacts ?? []) {
          if (artifactsSent.get(artifact.artifactId) !== true) forward({ type: 'artifact', task: current, chunk: { artifact, append: false, lastChunk: true } });
        }
        // The record keeps its recent statuses, so a state shorter than the poll interval is not skipped.
        for (const status of [...(current.recentStatuses ?? []), current.status]) forward({ type: 'status', task: { ...current, status }, final: false });
        task = current;
      }
    } finally {
      detach();
      unsubscribe();
    }
  }

  /** The task, if it can be subscribed to (it exists, is the caller's, and is not finished). */
  async subscribable(taskId: string, caller: Caller): Promise<TaskRecord> {
    const task = await this.get(taskId, caller);
    if (TERMINAL_STATES.has(task.status.state)) {
      throw new A2aError('unsupported_operation', `Task '${taskId}' is ${task.status.state}; a finished task cannot be subscribed to.`);
    }
    return task;
  }

  async setPushConfig(taskId: string, input: PushConfigInput, caller: Caller, generation: Generation): Promise<PushConfig> {
    await this.get(taskId, caller);
    await this.checkPushConfig(input);
    return this.storePushConfig(taskId, input, generation);
  }

  async getPushConfig(taskId: string, configId: string | undefined, caller: Caller): Promise<PushConfig> {
    await this.get(taskId, caller);
    this.requirePush();
    const config = configId
      ? await this.deps.records.getPushConfig(taskId, configId)
      : (await this.deps.records.listPushConfigs(taskId))[0];
    if (!config) throw new A2aError('task_not_found', `Push notification config '${configId ?? '(default)'}' of task '${taskId}' not found.`);
    return config;
  }

  async listPushConfigs(taskId: string, caller: Caller): Promise<PushConfig[]> {
    await this.get(taskId, caller);
    this.requirePush();
    return this.deps.records.listPushConfigs(taskId);
  }

  async deletePushConfig(taskId: string, configId: string | undefined, caller: Caller): Promise<void> {
    await this.get(taskId, caller);
    this.requirePush();
    if (!configId) throw new A2aError('invalid_params', 'The id of the push notification config to delete is required.');
    await this.deps.records.deletePushConfig(taskId, configId);
  }

  /** `written` is the task's JSON as stored when the turn began: unchanged at the end, nobody canceled it meanwhile. */
  private async runTurn(task: TaskRecord, written: string, message: A2aMessage, input: TurnInput, listener?: TaskListener): Promise<TaskRecord> {
    const { config, records } = this.deps;
    let artifacts = task.artifacts ?? [];
    const publish = (chunk: ArtifactChunk) => {
      artifacts = applyArtifactChunk(artifacts, chunk);
      this.progress({ type: 'artifact', task, chunk }, listener);
    };
    const streamed = new Map<string, string>();
    const sink: MessageSink = {
      send: (bot: BotMessage) => {
        if (!bot.text) return;
        const working = this.withStatus(task, { state: 'working', data: { state: 'working' } }, [bot.text]);
        this.progress({ type: 'status', task: working, final: false }, listener);
      },
      // One artifact per streamed response; chunks are not pushed (a webhook call per token is too much).
      chunk: ({ text, last, responseId }: TextChunk) => {
        const known = streamed.get(responseId);
        const artifactId = known ?? this.deps.ids.next();
        streamed.set(responseId, artifactId);
        publish({ artifact: { artifactId, name: STREAMED_RESPONSE_ARTIFACT, parts: [{ kind: 'text', text }] }, append: known !== undefined, lastChunk: last });
      },
    };
    const turn = this.deps.runtime.handleMessage(
      { senderId: task.contextId, text: input.text, channel: 'a2a', metadata: message.metadata, messageId: message.messageId, presetSlots: input.presetSlots },
      sink,
    );
    const outcome = await settleWithin(turn, config.taskTimeoutSeconds * 1000);

    let final: TaskRecord;
    if (outcome.kind === 'done') {
      for (const bot of outcome.value.messages) {
        const parts = botMessageParts(bot);
        if (parts.length > 0) publish({ artifact: { artifactId: this.deps.ids.next(), name: bot.utter_action ?? BOT_MESSAGE_ARTIFACT, parts }, append: false, lastChunk: true });
      }
      const mapped = mapTurnToStatus(outcome.value, { flows: this.deps.assistant().flows, includeConversationRepair: config.includeConversationRepair });
      final = this.withStatus(task, mapped, outcome.value.messages.flatMap((m) => (m.text ? [m.text] : [])));
    } else if (outcome.kind === 'timeout') {
      turn.catch(() => undefined);
      final = this.withStatus(task, { state: 'canceled', data: { state: 'canceled', reason: 'task_timeout' } }, []);
    } else if (outcome.error instanceof InvalidInputError) {
      await records.releaseMessage(task.contextId, message.messageId);
      const failed = this.withStatus(task, { state: 'failed', data: { state: 'failed', error_type: 'invalid_input', error_info: { message: outcome.error.message } } }, []);
      await records.putTask(failed);
      throw new A2aError('invalid_params', outcome.error.message);
    } else {
      this.deps.logger.error({ err: outcome.error, taskId: task.id, contextId: task.contextId }, 'a2a turn failed');
      final = this.withStatus(task, { state: 'failed', data: { state: 'failed', error_type: 'internal_error', error_info: { message: 'The turn could not be processed.' } } }, []);
    }
    if (artifacts.length > 0) final = { ...final, artifacts };

    const current = await records.getTaskIfChanged(task.id, written);
    if (current?.status.state === 'canceled') final = current;
    const reserve = final.status.state === 'input-required';
    // The context first: a subscriber that sees the task waiting for input checks that the context still waits for it.
    // Without a reservation the record written as the turn began stands (and a newer task's record on the context is kept).
    if (reserve) await records.putContext(task.contextId, { lastTaskId: task.id, reservedBy: task.id });
    const finalJson = await records.putTask(final, reserve);
    await records.finishMessage(task.contextId, message.messageId, finalJson, input.fingerprint);
    if (current?.status.state !== 'canceled') {
      // Push gets the turn's artifacts whole, then the status.
      const before = new Set((task.artifacts ?? []).map((a) => a.artifactId));
      for (const artifact of final.artifacts ?? []) {
        if (!before.has(artifact.artifactId)) this.deps.observer.taskChanged({ type: 'artifact', task: final, chunk: { artifact, append: false, lastChunk: true } });
      }
      this.emit({ type: 'status', task: final, final: true }, listener);
    } else {
      listener?.({ type: 'status', task: final, final: true });
    }
    return final;
  }

  private withStatus(task: TaskRecord, mapped: MappedStatus, texts: readonly string[]): TaskRecord {
    const agentMessage: A2aMessage = {
      messageId: this.deps.ids.next(),
      role: 'agent',
      parts: [...(texts.length > 0 ? [{ kind: 'text' as const, text: texts.join('\n') }] : []), { kind: 'data', data: mapped.data }],
      contextId: task.contextId,
      taskId: task.id,
    };
    return {
      ...task,
      status: { state: mapped.state, message: agentMessage, timestamp: this.now() },
      recentStatuses: pastStatuses(task),
      // The agent's message joins the history once the turn settles; `task` is the task as the turn began.
      history: TERMINAL_STATES.has(mapped.state) || INTERRUPTED_STATES.has(mapped.state) ? [...task.history, agentMessage] : task.history,
    };
  }

  private emit(event: TaskEvent, listener?: TaskListener): void {
    this.progress(event, listener);
    this.deps.observer.taskChanged(event);
  }

  /** Intermediate events go to the caller's stream and to subscribers on this replica and on others (the bus), never to push. */
  private progress(event: TaskEvent, listener?: TaskListener): void {
    listener?.(event);
    for (const subscriber of this.localSubscribers.get(event.task.id) ?? []) subscriber(event);
    this.deps.bus
      ?.publish(progressChannel(event.task.id), JSON.stringify({ origin: this.origin, event: busEvent(event) }))
      .catch((error: unknown) => this.deps.logger.warn({ err: error, taskId: event.task.id }, 'a2a task progress not published'));
  }

  /** Listens to the task's progress published by the other replicas; a bus that fails leaves polling alone. */
  private async attachRemote(taskId: string, forward: TaskListener): Promise<() => void> {
    const bus = this.deps.bus;
    if (!bus) return () => undefined;
    try {
      return await bus.subscribe(progressChannel(taskId), (message) => {
        const event = fromBus(message, taskId, this.origin);
        if (event) forward(event);
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, taskId }, 'a2a subscription without the message bus: polling only');
      return () => undefined;
    }
  }

  private attachLocal(taskId: string, listener: TaskListener): () => void {
    const subscribers = this.localSubscribers.get(taskId) ?? new Set<TaskListener>();
    subscribers.add(listener);
    this.localSubscribers.set(taskId, subscribers);
    return () => {
      subscribers.delete(listener);
      if (subscribers.size === 0) this.localSubscribers.delete(taskId);
    };
  }

  private validatePresets(presets: Readonly<Record<string, unknown>> | undefined): void {
    try {
      presetSlotEvents(this.deps.assistant().domain, presets, 0);
    } catch (error) {
      if (error instanceof InvalidInputError) throw new A2aError('invalid_params', error.message, error.details);
      throw error;
    }
  }

  /**
   * The task a message with `taskId` continues: the caller's, on the same context when one is given
   * (the context is inferred otherwise), waiting for input. A finished task takes no more messages;
   * a running one takes the next message once it asks for it.
   */
  private async continuedTask(taskId: string, contextId: string | undefined, caller: Caller): Promise<TaskRecord> {
    const task = await this.deps.records.getTask(taskId);
    if (!task || task.owner !== caller.owner) throw new A2aError('task_not_found', `Task '${taskId}' not found.`);
    if (contextId !== undefined && task.contextId !== contextId) {
      throw new A2aError('invalid_params', `Task '${taskId}' belongs to another context than '${contextId}'; send its contextId or none.`);
    }
    if (TERMINAL_STATES.has(task.status.state)) {
      throw new A2aError('unsupported_operation', `Task '${taskId}' is ${task.status.state}; send the next message without a taskId to start a new task.`);
    }
    if (!INTERRUPTED_STATES.has(task.status.state)) {
      throw new A2aError('unsupported_operation', `Task '${taskId}' is still ${task.status.state}; send the follow-up once it asks for input.`);
    }
    return task;
  }

  private async admitContext(): Promise<void> {
    const max = this.deps.config.maxContexts;
    if (max <= 0) return;
    const now = this.deps.clock.now();
    // Counting scans the store: refreshed at most once a second; in between, admissions are counted here.
    if (now - this.contextCount.at > CONTEXT_COUNT_REFRESH_MS) this.contextCount = { value: await this.deps.records.countContexts(), at: now };
    if (this.contextCount.value >= max) throw new A2aError('too_many_contexts', `The agent holds ${max} active contexts (max_contexts); retry later.`);
    this.contextCount.value += 1;
  }

  private async releaseReservation(taskId: string): Promise<void> {
    const reserved = await this.deps.records.getTask(taskId);
    if (reserved) await this.deps.records.putTask(reserved);
  }

  private requirePush(): void {
    if (!this.deps.config.pushNotificationsEnabled) throw new A2aError('push_not_supported', 'Push notifications are not enabled on this agent (a2a_server.push_notifications_enabled).');
  }

  private async checkPushConfig(input: PushConfigInput): Promise<void> {
    this.requirePush();
    for (const value of [input.token, input.authentication?.scheme, input.authentication?.credentials]) {
      if (value !== undefined && /[\r\n]/.test(value)) throw new A2aError('invalid_params', 'Push notification credentials must not contain line breaks.');
    }
    await this.deps.checkPushTarget(input.url);
  }

  private async storePushConfig(taskId: string, input: PushConfigInput, generation: Generation): Promise<PushConfig> {
    const config: PushConfig = {
      id: input.id ?? this.deps.ids.next(),
      taskId,
      url: input.url,
      generation,
      ...(input.token ? { token: input.token } : {}),
      ...(input.authentication ? { authentication: input.authentication } : {}),
    };
    await this.deps.records.putPushConfig(config);
    return config;
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

interface TurnInput {
  readonly text: string | null;
  readonly presetSlots?: Readonly<Record<string, unknown>>;
  /** Identifies the message's content for dedup. */
  readonly fingerprint: string;
}

/** Ids follow the rule of conversation ids (`contextId` is one): at most 512 characters, no control characters. */
function checkId(what: string, id: string | undefined): void {
  const problem = id === undefined ? undefined : idProblem(id);
  if (problem) throw new A2aError('invalid_params', `The ${what} ${problem}.`);
}

/** What the task record stores of a message beside its text: bounded like REST metadata. Parts add two levels of nesting. */
const MESSAGE_DATA_LIMITS = { ...METADATA_LIMITS, maxDepth: METADATA_LIMITS.maxDepth + 2 };

/**
 * User text is the text parts joined; slots come from DataParts `{slots: {...}}` and then
 * `message.metadata.slots`, which wins on conflicts. Ids and metadata are checked first.
 */
function readTurnInput(message: A2aMessage): TurnInput {
  checkId('messageId', message.messageId);
  checkId('contextId', message.contextId);
  checkId('taskId', message.taskId);
  const data = [message.metadata ?? null, message.parts.map((p) => [p.kind === 'data' ? p.data : null, p.metadata ?? null])];
  const tooLarge = jsonLimitProblem(data, MESSAGE_DATA_LIMITS);
  if (tooLarge) throw new A2aError('invalid_params', `The message's metadata and data parts: the value ${tooLarge}.`);
  const texts: string[] = [];
  const merged: Record<string, unknown> = {};
  for (const part of message.parts) {
    checkMediaType(part);
    if (part.kind === 'text') texts.push(part.text);
    else if (part.kind === 'data' && isSlotMap(part.data.slots)) Object.assign(merged, part.data.slots);
  }
  const fromMetadata = message.metadata?.slots;
  if (fromMetadata !== undefined && !isSlotMap(fromMetadata)) throw new A2aError('invalid_params', 'message.metadata.slots must be an object of slot names to values.');
  if (fromMetadata) Object.assign(merged, fromMetadata);
  const presetSlots = Object.keys(merged).length > 0 ? merged : undefined;
  if (texts.length === 0 && !presetSlots) throw new A2aError('invalid_params', 'The message has no text part and no slots to set.');
  return { text: texts.length > 0 ? texts.join('\n') : null, presetSlots, fingerprint: fingerprintOf(message) };
}

/** A digest of what the message says (ids of the dedup key aside), with keys sorted so a client's re-serialization still matches. */
function fingerprintOf(message: A2aMessage): string {
  const { role, parts, taskId, referenceTaskIds, metadata } = message;
  return hash('sha256', canonicalJson({ role, parts, taskId, referenceTaskIds, metadata }), 'base64url');
}

/**
 * JSON with object keys sorted; recursion is safe because the message's nesting was bounded first.
 * Written as loops over sorted keys: it runs on every message.
 */
function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field !== undefined) out += `${out === '{' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(field)}`;
  }
  return `${out}}`;
}

/** The input modes the card declares: text (any `text/*`) and JSON data; files are not read. */
function checkMediaType(part: Part): void {
  const type = part.kind === 'file' ? part.file.mimeType : part.mediaType;
  const essence = type?.split(';')[0]?.trim().toLowerCase();
  const accepted =
    part.kind === 'text' ? essence === undefined || essence.startsWith('text/') : part.kind === 'data' && (essence === undefined || essence === 'application/json' || essence.endsWith('+json'));
  if (!accepted) {
    throw new A2aError('content_type_not_supported', `A ${part.kind} part${type ? ` of type '${type}'` : ''} is not supported; this agent reads text/plain and application/json parts.`);
  }
}

function isSlotMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Settled<T> = { kind: 'done'; value: T } | { kind: 'error'; error: unknown } | { kind: 'timeout' };

/** `timeoutMs` 0 waits forever (`task_timeout_seconds: 0` disables the safety net). */
function settleWithin(turn: Promise<TurnResult>, timeoutMs: number): Promise<Settled<TurnResult>> {
  // One promise and one timer per turn (not a race of three promises): this runs on every message.
  return new Promise((resolve) => {
    const timer = timeoutMs > 0 ? setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs).unref() : undefined;
    turn.then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'done', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'error', error });
      },
    );
  });
}

/** How many past statuses a task record keeps for subscribers on other replicas (a turn writes two or three). */
const RECENT_STATUSES = 4;

/** `task`'s recent statuses once a new status replaces its current one. */
function pastStatuses(task: TaskRecord): readonly TaskStatus[] {
  return [...(task.recentStatuses ?? []), task.status].slice(-RECENT_STATUSES);
}

/** Identifies a status (its agent message, else its time): a poll that reads one already streamed sends nothing. */
function statusKey(status: TaskStatus): string {
  return `${status.state}@${status.message?.messageId ?? status.timestamp}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

const progressChannel = (taskId: string) => `a2a:task:${encodeURIComponent(taskId)}`;

/** What a subscriber elsewhere needs of an event: the wire events carry the task's ids and status, not its history. */
function busEvent(event: TaskEvent): TaskEvent {
  const task: TaskRecord = { id: event.task.id, contextId: event.task.contextId, status: event.task.status, history: [] };
  return { ...event, task };
}

/** A progress event of task `taskId` from another replica; anything else on the channel is ignored. */
function fromBus(message: string, taskId: string, self: string): TaskEvent | undefined {
  let parsed: { origin?: unknown; event?: Partial<TaskEvent> };
  try {
    parsed = JSON.parse(message) as typeof parsed;
  } catch {
    return undefined;
  }
  const event = parsed.event;
  if (parsed.origin === self || event?.task?.id !== taskId || typeof event.task.status?.state !== 'string') return undefined;
  if (event.type === 'artifact') return typeof event.chunk?.artifact?.artifactId === 'string' && Array.isArray(event.chunk.artifact.parts) ? (event as TaskEvent) : undefined;
  return event.type === 'status' || event.type === 'task' ? (event as TaskEvent) : undefined;
}
