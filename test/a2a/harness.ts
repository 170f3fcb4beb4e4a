/**
 * Starts fastify on 127.0.0.1:0 with the A2A plugin, a fake runtime and a memory key-value store.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import type { A2AServerConfig, Assistant } from '../../src/core/assistant.ts';
import { sequentialIds } from '../../src/core/clock.ts';
import { createA2aServer, type A2aPluginDeps } from '../../src/channels/a2a/index.ts';
import type { KeyValueStore } from '../../src/ports/key-value-store.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { a2aConfig, bankingAssistant, recordingLogger } from './fixtures.ts';

export interface Harness {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly runtime: FakeRuntime;
  readonly logger: ReturnType<typeof recordingLogger>;
  setAssistant(assistant: Assistant): void;
  pushIdle(): Promise<void>;
  close(): Promise<void>;
  rpc(method: string, params: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
}

export interface HarnessOptions {
  readonly config?: Partial<A2AServerConfig>;
  readonly runtime?: FakeRuntime;
  readonly kv?: KeyValueStore;
  readonly deps?: Partial<A2aPluginDeps>;
  readonly deterministic?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const runtime = options.runtime ?? new FakeRuntime();
  const logger = recordingLogger();
  let assistant = bankingAssistant();
  const kv = options.kv ?? new MemoryKeyValueStore();
  const app = Fastify();
  let t = Date.UTC(2026, 0, 1);
  const server = createA2aServer({
    runtime,
    assistant: () => assistant,
    config: a2aConfig(options.config),
    kv,
    publicUrl: 'http://agent.test:5005',
    logger,
    keepAliveMs: 50,
    subscribePollMs: 20,
    ...(options.deterministic ? { ids: sequentialIds('id-'), clock: { now: () => (t += 1000) } } : {}),
    ...options.deps,
  });
  await server.plugin(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  let rpcId = 0;
  return {
    app,
    url,
    runtime,
    logger,
    setAssistant: (a) => void (assistant = a),
    pushIdle: () => server.pushIdle(),
    close: async () => {
      await app.close();
      if (!options.kv) await kv.close();
    },
    async rpc(method, params, headers = {}) {
      const response = await fetch(`${url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
  };
}

/** A v0.3 user message. */
export function msg03(text: string, messageId: string, contextId?: string, metadata?: Record<string, unknown>) {
  return { kind: 'message', role: 'user', parts: [{ kind: 'text', text }], messageId, ...(contextId ? { contextId } : {}), ...(metadata ? { metadata } : {}) };
}

/** A v1.0 user message. */
export function msg10(text: string, messageId: string, contextId?: string, metadata?: Record<string, unknown>) {
  return { role: 'ROLE_USER', parts: [{ text }], messageId, ...(contextId ? { contextId } : {}), ...(metadata ? { metadata } : {}) };
}

/**
 * Opens a JSON-RPC streaming call and resolves once its first event arrived (so what the test does
 * next happens while it is attached); `events` then resolves with every `data:` payload (the
 * JSON-RPC responses) when the server closes the stream.
 */
export async function openStream(url: string, method: string, params: unknown, headers: Record<string, string> = {}): Promise<{ readonly events: Promise<Record<string, any>[]> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('data: ')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const events = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return text.split('\n\n').filter((c) => c.startsWith('data: ')).map((c) => JSON.parse(c.slice(6)) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
  })();
  return { events };
}
