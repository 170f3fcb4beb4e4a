/**
 * Decoded, generation-independent request parameters, and the zod helper both wire codecs use.
 * @module
 */
import type { z } from 'zod';
import { A2aError } from './a2a-errors.ts';
import type { A2aMessage, TaskState } from './task-model.ts';

export interface PushConfigInput {
  readonly id?: string;
  readonly url: string;
  readonly token?: string;
  readonly authentication?: { readonly scheme: string; readonly credentials?: string };
}

export interface SendParams {
  readonly message: A2aMessage;
  readonly pushConfig?: PushConfigInput;
  readonly historyLength?: number;
  /** v0.3 `blocking: false` / v1.0 `returnImmediately: true`: answer with the working task at once. */
  readonly returnImmediately: boolean;
}

export interface TaskQuery {
  readonly id: string;
  readonly historyLength?: number;
}

/** ListTasks filters and paging (spec §3.1.4). */
export interface TaskListQuery {
  readonly contextId?: string;
  readonly state?: TaskState;
  /** 1–100; 50 when the client sends none. */
  readonly pageSize: number;
  readonly pageToken?: string;
  readonly historyLength?: number;
  /** Epoch ms: tasks whose status changed at or after it. */
  readonly statusTimestampAfter?: number;
  readonly includeArtifacts: boolean;
}

export interface PushConfigRef {
  readonly taskId: string;
  readonly configId?: string;
}

/** Parses with `schema` or throws `invalid_params` naming the first problems by path. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new A2aError('invalid_params', `Invalid ${what}: ${problems.join('; ')}`);
}
