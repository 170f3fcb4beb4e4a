/**
 * A2A v0.3 JSON: `kind` discriminators, kebab-case states, `final` on status updates.
 * @module
 */
import { z } from 'zod';
import type { PushConfigInput, PushConfigRef, SendParams, TaskQuery } from './requests.ts';
import { parseParams } from './requests.ts';
import type { A2aMessage, Artifact, Part, PushConfig, TaskEvent, TaskRecord } from './task-model.ts';

const metadata = z.record(z.string(), z.unknown()).optional();

const part = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), metadata }),
  z.object({ kind: z.literal('data'), data: z.record(z.string(), z.unknown()), metadata }),
  z.object({
    kind: z.literal('file'),
    file: z.object({ uri: z.string().optional(), bytes: z.string().optional(), name: z.string().optional(), mimeType: z.string().optional() }),
    metadata,
  }),
]);

const message = z.object({
  kind: z.literal('message').optional(),
  messageId: z.string().min(1),
  role: z.enum(['user', 'agent']),
  parts: z.array(part).min(1),
  contextId: z.string().min(1).optional(),
  taskId: z.string().min(1).optional(),
  referenceTaskIds: z.array(z.string()).optional(),
  metadata,
});

const pushConfig = z.object({
  id: z.string().min(1).optional(),
  url: z.string().min(1),
  token: z.string().optional(),
  authentication: z.object({ schemes: z.array(z.string()).min(1), credentials: z.string().optional() }).optional(),
});

const sendParams = z.object({
  message,
  configuration: z
    .object({
      acceptedOutputModes: z.array(z.string()).optional(),
      historyLength: z.number().int().min(0).optional(),
      pushNotificationConfig: pushConfig.optional(),
      blocking: z.boolean().optional(),
    })
    .optional(),
  metadata,
});

const taskQuery = z.object({ id: z.string().min(1), historyLength: z.number().int().min(0).optional(), metadata });
const taskIdParams = z.object({ id: z.string().min(1), metadata });
const setPushParams = z.object({ taskId: z.string().min(1), pushNotificationConfig: pushConfig });
const pushRefParams = z.object({ id: z.string().min(1), pushNotificationConfigId: z.string().min(1).optional(), metadata });

export const v03Decode = {
  send(params: unknown): SendParams {
    const p = parseParams(sendParams, params, 'message/send params');
    const { kind: _kind, ...m } = p.message;
    return {
      message: m,
      pushConfig: p.configuration?.pushNotificationConfig && toPushInput(p.configuration.pushNotificationConfig),
      historyLength: p.configuration?.historyLength,
      returnImmediately: p.configuration?.blocking === false,
    };
  },
  taskQuery: (params: unknown): TaskQuery => parseParams(taskQuery, params, 'task query params'),
  taskId: (params: unknown): string => parseParams(taskIdParams, params, 'task id params').id,
  setPush(params: unknown): { taskId: string; config: PushConfigInput } {
    const p = parseParams(setPushParams, params, 'push notification config params');
    return { taskId: p.taskId, config: toPushInput(p.pushNotificationConfig) };
  },
  pushRef(params: unknown): PushConfigRef {
    const p = parseParams(pushRefParams, params, 'push notification config params');
    return { taskId: p.id, configId: p.pushNotificationConfigId };
  },
};

function toPushInput(c: z.output<typeof pushConfig>): PushConfigInput {
  const scheme = c.authentication?.schemes[0];
  return {
    id: c.id,
    url: c.url,
    token: c.token,
    authentication: scheme ? { scheme, credentials: c.authentication?.credentials } : undefined,
  };
}

export const v03Encode = {
  task(task: TaskRecord, historyLength?: number): Record<string, unknown> {
    return compact({
      kind: 'task',
      id: task.id,
      contextId: task.contextId,
      status: status(task),
      artifacts: task.artifacts?.map((a) => v03Encode.artifact(a)),
      history: trimHistory(task.history, historyLength).map((m) => v03Encode.message(m)),
    });
  },
  artifact(a: Artifact): Record<string, unknown> {
    return compact({ artifactId: a.artifactId, name: a.name, parts: a.parts.map(encodePart) });
  },
  message(m: A2aMessage): Record<string, unknown> {
    return compact({
      kind: 'message',
      messageId: m.messageId,
      role: m.role,
      parts: m.parts.map(encodePart),
      contextId: m.contextId,
      taskId: m.taskId,
      referenceTaskIds: m.referenceTaskIds,
      metadata: m.metadata,
    });
  },
  event(event: TaskEvent): Record<string, unknown> {
    if (event.type === 'task') return v03Encode.task(event.task);
    if (event.type === 'artifact') {
      const { artifact, append, lastChunk } = event.chunk;
      return { kind: 'artifact-update', taskId: event.task.id, contextId: event.task.contextId, artifact: v03Encode.artifact(artifact), append, lastChunk };
    }
    return { kind: 'status-update', taskId: event.task.id, contextId: event.task.contextId, status: status(event.task), final: event.final };
  },
  pushConfig(c: PushConfig): Record<string, unknown> {
    return {
      taskId: c.taskId,
      pushNotificationConfig: compact({
        id: c.id,
        url: c.url,
        token: c.token,
        authentication: c.authentication && compact({ schemes: [c.authentication.scheme], credentials: c.authentication.credentials }),
      }),
    };
  },
};

function status(task: TaskRecord): Record<string, unknown> {
  return compact({ state: task.status.state, message: task.status.message && v03Encode.message(task.status.message), timestamp: task.status.timestamp });
}

/** v0.3 text and data parts have no media type. */
function encodePart(p: Part): Record<string, unknown> {
  if (p.kind === 'file') return compact({ ...p });
  const { mediaType: _mediaType, ...rest } = p;
  return compact({ ...rest });
}

export function trimHistory<T>(history: readonly T[], historyLength: number | undefined): readonly T[] {
  if (historyLength === undefined) return history;
  return historyLength === 0 ? [] : history.slice(-historyLength);
}

/** Drops `undefined` fields so payloads are byte-stable for golden tests. A loop: it runs for every object of every payload. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  const kept: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) kept[key] = value[key];
  return kept as T;
}
