/**
 * JSON over HTTP to a vector database: a deadline, a cap on the answer's size, and errors that
 * name the store and status but never echo credentials or the body.
 * @module
 */
import type { z } from 'zod';
import { readLimited } from '../http/read-limited.ts';

export interface StoreHttpOptions {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly headers: Readonly<Record<string, string>>;
}

export const DEFAULT_STORE_HTTP = { timeoutMs: 10_000, maxResponseBytes: 16 * 1024 * 1024 };

export class VectorStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VectorStoreError';
  }
}

export async function postJson<S extends z.ZodType>(store: string, url: string, body: unknown, schema: S, options: StoreHttpOptions): Promise<z.output<S>> {
  let response: Response;
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...options.headers }, body: JSON.stringify(body), signal });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (error as Error).message;
    throw new VectorStoreError(`${store} at ${new URL(url).origin} is not reachable: ${reason}`, { cause: error });
  }
  const bytes = response.body ? await readLimited(response.body, options.maxResponseBytes, () => new VectorStoreError(`${store} answered with more than ${options.maxResponseBytes} bytes`)) : new Uint8Array();
  const text = Buffer.from(bytes).toString('utf8');
  if (!response.ok) throw new VectorStoreError(`${store} answered HTTP ${response.status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VectorStoreError(`${store} answered with something that is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new VectorStoreError(`${store} answered in an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  return parsed.data;
}

/** A configuration value that is a non-empty string, else `undefined`. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
