/**
 * AgentInput → A2A user `Message`, and A2A parts → text and structured data (as Rasa's `A2AAgent`).
 * @module
 */
import { Role, type Message, type Part, type Task } from '@a2a-js/sdk';
import type { AgentInput } from '../../../core/agent-io.ts';

/** Frame metadata keys of the remote conversation (Rasa's names). */
export const CONTEXT_ID_KEY = 'context_id';
export const TASK_ID_KEY = 'task_id';
/** Keys the engine keeps in the frame for itself; not sent to the agent. */
const ENGINE_KEYS = new Set(['agent_response', 'structured_results', CONTEXT_ID_KEY, TASK_ID_KEY]);

export interface RemoteIds {
  readonly contextId?: string;
  readonly taskId?: string;
}

function stringAt(metadata: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = metadata[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function remoteIds(metadata: Readonly<Record<string, unknown>>): RemoteIds {
  const contextId = stringAt(metadata, CONTEXT_ID_KEY);
  const taskId = stringAt(metadata, TASK_ID_KEY);
  return { ...(contextId ? { contextId } : {}), ...(taskId ? { taskId } : {}) };
}

function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' };
}

function dataPart(data: Record<string, unknown>): Part {
  return { content: { $case: 'data', value: data }, metadata: undefined, filename: '', mediaType: 'application/json' };
}

/**
 * The first message of a remote conversation carries the transcript so far (the agent knows
 * nothing yet); later ones only the user's text. Slots with a value go along as a DataPart.
 */
export function buildUserMessage(input: AgentInput, ids: RemoteIds, messageId: string): Message {
  const text = ids.contextId ? input.user_message : input.conversation_history || input.user_message;
  const parts = [textPart(text)];
  const slots = input.slots.filter((s) => s.value !== null && s.value !== undefined).map((s) => ({ name: s.name, value: s.value }));
  if (slots.length > 0) parts.push(dataPart({ slots }));
  const metadata = Object.fromEntries(Object.entries(input.metadata).filter(([k]) => !ENGINE_KEYS.has(k)));
  return {
    messageId,
    contextId: ids.contextId ?? '',
    taskId: ids.taskId ?? '',
    role: Role.ROLE_USER,
    parts,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

/** Text of the parts, one line each; files by URL; data parts are results, not text. */
export function partsText(parts: readonly Part[] | undefined): string {
  const lines: string[] = [];
  for (const part of parts ?? []) {
    const c = part.content;
    if (c?.$case === 'text' && c.value.trim() !== '') lines.push(c.value.trim());
    else if (c?.$case === 'url') lines.push(`File: ${c.value}`);
  }
  return lines.join('\n');
}

/** The closing text of a finished task: its status message and its artifacts' text, without repeats. */
export function taskText(task: Task): string {
  const texts = [partsText(task.status?.message?.parts), ...task.artifacts.map((a) => partsText(a.parts))].filter((t) => t !== '');
  return [...new Set(texts)].join('\n');
}

export interface StructuredResult {
  readonly name: string;
  readonly type: 'data' | 'file';
  readonly result: unknown;
}

/** Data and file parts of the task's artifacts and status message, named `<agent>_<artifact>_<part>`. */
export function structuredResults(agentId: string, task: Task): StructuredResult[] {
  const out: StructuredResult[] = [];
  const sources = [...task.artifacts.map((a) => a.parts), task.status?.message?.parts ?? []];
  sources.forEach((parts, ai) => {
    parts.forEach((part, pi) => {
      const c = part.content;
      const name = `${agentId}_${ai}_${pi}`;
      if (c?.$case === 'data' && c.value && typeof c.value === 'object' && Object.keys(c.value as object).length > 0) out.push({ name, type: 'data', result: c.value });
      else if (c?.$case === 'url') out.push({ name, type: 'file', result: { uri: c.value, name: part.filename, mime_type: part.mediaType } });
    });
  });
  return out;
}
