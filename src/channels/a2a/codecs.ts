/**
 * One codec per protocol generation, so routes never branch on the version themselves.
 * @module
 */
import type { A2aError } from './a2a-errors.ts';
import type { PushConfigInput, PushConfigRef, SendParams, TaskQuery } from './requests.ts';
import type { Generation, PushConfig, TaskEvent, TaskRecord } from './task-model.ts';
import { v03Decode, v03Encode } from './wire-v03.ts';
import { v10Decode, v10Encode } from './wire-v10.ts';

export interface Codec {
  readonly generation: Generation;
  readonly decode: {
    send(params: unknown): SendParams;
    taskQuery(params: unknown): TaskQuery;
    taskId(params: unknown): string;
    setPush(params: unknown): { taskId: string; config: PushConfigInput };
    pushRef(params: unknown): PushConfigRef;
  };
  readonly encode: {
    sendResult(task: TaskRecord, historyLength?: number): unknown;
    task(task: TaskRecord, historyLength?: number): unknown;
    event(event: TaskEvent): unknown;
    pushConfig(config: PushConfig): unknown;
    pushConfigs(configs: readonly PushConfig[]): unknown;
    deleted(): unknown;
    /** JSON-RPC `error.data`. */
    errorData(error: A2aError): unknown;
  };
}

export const CODECS: Readonly<Record<Generation, Codec>> = {
  '0.3': {
    generation: '0.3',
    decode: { ...v03Decode },
    encode: {
      sendResult: (task, historyLength) => v03Encode.task(task, historyLength),
      task: (task, historyLength) => v03Encode.task(task, historyLength),
      event: (event) => v03Encode.event(event),
      pushConfig: (config) => v03Encode.pushConfig(config),
      pushConfigs: (configs) => configs.map((c) => v03Encode.pushConfig(c)),
      deleted: () => null,
      errorData: (error) => error.details,
    },
  },
  '1.0': {
    generation: '1.0',
    decode: { ...v10Decode, setPush: v10Decode.createPush },
    encode: {
      sendResult: (task, historyLength) => ({ task: v10Encode.task(task, historyLength) }),
      task: (task, historyLength) => v10Encode.task(task, historyLength),
      event: (event) => v10Encode.event(event),
      pushConfig: (config) => v10Encode.pushConfig(config),
      pushConfigs: (configs) => ({ configs: configs.map((c) => v10Encode.pushConfig(c)) }),
      deleted: () => ({}),
      errorData: (error) => [error.errorInfo()],
    },
  },
};

/** `A2A-Version` values we serve; a missing header means 0.3 (spec §1.9). */
export function parseVersionHeader(value: string | undefined): Generation | 'unsupported' {
  if (value === undefined || value.trim() === '') return '0.3';
  const match = /^\s*(\d+)\.(\d+)(?:\.\d+)?\s*$/.exec(value);
  if (match?.[1] === '0' && match[2] === '3') return '0.3';
  if (match?.[1] === '1' && match[2] === '0') return '1.0';
  return 'unsupported';
}
