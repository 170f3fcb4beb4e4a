/**
 * A2A v1.0 JSON (the proto3 JSON mapping): no `kind`, `TASK_STATE_*` / `ROLE_*` enums, oneof
 * wrappers for responses (`{task}`, `{statusUpdate}`), flattened push configs.
 * @module
 */
import { z } from 'zod';
import { A2aError } from './a2a-errors.ts';
import type { PushConfigInput, PushConfigRef, SendParams, TaskListQuery, TaskQuery } from './requests.ts';
import type { TaskPage } from './task-list.ts';
import { parseParams } from './requests.ts';
import type { A2aMessage, Artifact, Part, PushConfig, TaskEvent, TaskRecord, TaskState } from './task-model.ts';
import { compact, trimHistory } from './wire-v03.ts';

const metadata = z.record(z.string(), z.unknown()).optional();

const part = z
  .object({
    text: z.string().optional(),
    data: z.unknown().optional(),
    url: z.string().optional(),
    raw: z.string().optional(),
    filename: z.string().optional(),
    mediaType: z.string().optional(),
    metadata,
  })
  .refine((p) => [p.text, p.data, p.url, p.raw].filter((v) => v !== undefined).length === 1, 'a part needs exactly one of text, data, url, raw');

const message = z.object({
  messageId: z.string().min(1),
  role: z.enum(['ROLE_USER', 'ROLE_AGENT']),
  parts: z.array(part).min(1),
  contextId: z.string().optional(),
  taskId: z.string().optional(),
  referenceTaskIds: z.array(z.string()).optional(),
  extensions: z.array(z.string()).optional(),
  metadata,
});

const pushConfig = z.object({
  tenant: z.string().optional(),
  id: z.string().optional(),
  taskId: z.string().optional(),
  url: z.string().min(1),
  token: z.string().optional(),
  authentication: z.object({ scheme: z.string().min(1), credentials: z.string().optional() }).optional(),
});

const sendParams = z.object({
  tenant: z.string().optional(),
  message,
  configuration: z
    .object({
      acceptedOutputModes: z.array(z.string()).optional(),
      taskPushNotificationConfig: pushConfig.optional(),
      historyLength: z.number().int().min(0).optional(),
      returnImmediately: z.boolean().optional(),
    })
    .optional(),
  metadata,
});

const taskQuery = z.object({ tenant: z.string().optional(), id: z.string().min(1), historyLength: z.number().int().min(0).optional() });
const taskIdParams = z.object({ tenant: z.string().optional(), id: z.string().min(1), metadata });
const pushRefParams = z.object({ tenant: z.string().optional(), taskId: z.string().min(1), id: z.string().min(1).optional() });

const listParams = z.object({
  tenant: z.string().optional(),
  contextId: z.string().optional(),
  status: z.string().optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
  pageToken: z.string().optional(),
  historyLength: z.number().int().min(0).optional(),
  statusTimestampAfter: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 timestamp').optional(),
  includeArtifacts: z.boolean().optional(),
});

const STATES: Record<TaskState, string> = {
  submitted: 'TASK_STATE_SUBMITTED',
  working: 'TASK_STATE_WORKING',
  'input-required': 'TASK_STATE_INPUT_REQUIRED',
  'auth-required': 'TASK_STATE_AUTH_REQUIRED',
  completed: 'TASK_STATE_COMPLETED',
  failed: 'TASK_STATE_FAILED',
  canceled: 'TASK_STATE_CANCELED',
  rejected: 'TASK_STATE_REJECTED',
};

export const v10Decode = {
  send(params: unknown): SendParams {
    const p = parseParams(sendParams, params, 'SendMessage params');
    const m = p.message;
    return {
      message: compact({
        messageId: m.messageId,
        role: m.role === 'ROLE_USER' ? 'user' : 'agent',
        parts: m.parts.map(decodePart),
        contextId: m.contextId || undefined,
        taskId: m.taskId || undefined,
        referenceTaskIds: m.referenceTaskIds,
        metadata: m.metadata,
      }) as A2aMessage,
      pushConfig: p.configuration?.taskPushNotificationConfig && toPushInput(p.configuration.taskPushNotificationConfig),
      historyLength: p.configuration?.historyLength,
      returnImmediately: p.configuration?.returnImmediately === true,
    };
  },
  taskQuery: (params: unknown): TaskQuery => parseParams(taskQuery, params, 'GetTask params'),
  taskId: (params: unknown): string => parseParams(taskIdParams, params, 'task id params').id,
  createPush(params: unknown): { taskId: string; config: PushConfigInput } {
    const p = parseParams(pushConfig.extend({ taskId: z.string().min(1) }), params, 'TaskPushNotificationConfig');
    return { taskId: p.taskId, config: toPushInput(p) };
  },
  pushRef(params: unknown): PushConfigRef {
    const p = parseParams(pushRefParams, params, 'push notification config params');
    return { taskId: p.taskId, configId: p.id };
  },
  listTasks(params: unknown): TaskListQuery {
    const p = parseParams(listParams, params, 'ListTasks params');
    const state = p.status && p.status !== 'TASK_STATE_UNSPECIFIED' ? STATE_OF[p.status] : undefined;
    if (p.status && p.status !== 'TASK_STATE_UNSPECIFIED' && !state) throw new A2aError('invalid_params', `Invalid ListTasks params: status: '${p.status}' is not a task state.`);
    return compact({
      contextId: p.contextId || undefined,
      state,
      pageSize: p.pageSize ?? 50,
      pageToken: p.pageToken || undefined,
      historyLength: p.historyLength,
      statusTimestampAfter: p.statusTimestampAfter === undefined ? undefined : Date.parse(p.statusTimestampAfter),
      includeArtifacts: p.includeArtifacts === true,
    });
  },
};

const STATE_OF: Readonly<Record<string, TaskState>> = Object.fromEntries(Object.entries(STATES).map(([state, wire]) => [wire, state as TaskState]));

function decodePart(p: z.output<typeof part>): Part {
  const meta = p.metadata;
  if (p.text !== undefined) return compact({ kind: 'text', text: p.text, mediaType: p.mediaType, metadata: meta });
  if (p.data !== undefined) {
    const data = typeof p.data === 'object' && p.data !== null && !Array.isArray(p.data) ? (p.data as Record<string, unknown>) : { value: p.data };
    return compact({ kind: 'data', data, mediaType: p.mediaType, metadata: meta });
  }
  return compact({
    kind: 'file',
    file: compact({ uri: p.url, bytes: p.raw, name: p.filename, mimeType: p.mediaType }),
    metadata: meta,
  });
}

function toPushInput(c: z.output<typeof pushConfig>): PushConfigInput {
  return { id: c.id || undefined, url: c.url, token: c.token || undefined, authentication: c.authentication };
}

export const v10Encode = {
  state: (state: TaskState): string => STATES[state],
  task(task: TaskRecord, historyLength?: number, includeArtifacts = true): Record<string, unknown> {
    return compact({
      id: task.id,
      contextId: task.contextId,
      status: status(task),
      artifacts: includeArtifacts && task.artifacts ? task.artifacts.map((a) => v10Encode.artifact(a)) : undefined,
      history: trimHistory(task.history, historyLength).map((m) => v10Encode.message(m)),
    });
  },
  artifact(a: Artifact): Record<string, unknown> {
    return compact({ artifactId: a.artifactId, name: a.name, parts: a.parts.map(encodePart) });
  },
  message(m: A2aMessage): Record<string, unknown> {
    return compact({
      messageId: m.messageId,
      contextId: m.contextId,
      taskId: m.taskId,
      role: m.role === 'user' ? 'ROLE_USER' : 'ROLE_AGENT',
      parts: m.parts.map(encodePart),
      metadata: m.metadata,
      referenceTaskIds: m.referenceTaskIds,
    });
  },
  /** A `StreamResponse`: exactly one of `task`, `statusUpdate` or `artifactUpdate`. */
  event(event: TaskEvent): Record<string, unknown> {
    if (event.type === 'task') return { task: v10Encode.task(event.task) };
    if (event.type === 'artifact') {
      const { artifact, append, lastChunk } = event.chunk;
      return { artifactUpdate: { taskId: event.task.id, contextId: event.task.contextId, artifact: v10Encode.artifact(artifact), append, lastChunk } };
    }
    return { statusUpdate: { taskId: event.task.id, contextId: event.task.contextId, status: status(event.task) } };
  },
  /** A ListTasks page; `artifacts` is left out entirely unless asked for (spec §3.1.4). */
  taskList(page: TaskPage, query: TaskListQuery): Record<string, unknown> {
    return {
      tasks: page.tasks.map((t) => v10Encode.task(t, query.historyLength, query.includeArtifacts)),
      nextPageToken: page.nextPageToken,
      pageSize: page.pageSize,
      totalSize: page.totalSize,
    };
  },
  pushConfig(c: PushConfig): Record<string, unknown> {
    return compact({ id: c.id, taskId: c.taskId, url: c.url, token: c.token, authentication: c.authentication && compact({ ...c.authentication }) });
  },
};

function status(task: TaskRecord): Record<string, unknown> {
  return compact({ state: STATES[task.status.state], message: task.status.message && v10Encode.message(task.status.message), timestamp: task.status.timestamp });
}

function encodePart(p: Part): Record<string, unknown> {
  switch (p.kind) {
    case 'text':
      return compact({ text: p.text, mediaType: p.mediaType, metadata: p.metadata });
    case 'data':
      return compact({ data: p.data, mediaType: p.mediaType, metadata: p.metadata });
    case 'file':
      return compact({ url: p.file.uri, raw: p.file.bytes, filename: p.file.name, mediaType: p.file.mimeType, metadata: p.metadata });
  }
}
