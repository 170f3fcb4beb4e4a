/**
 * What `createA2aPlugin` needs from the composition root.
 * @module
 */
import type { A2AServerConfig, Assistant } from '../../core/assistant.ts';
import type { Clock, IdSource } from '../../core/clock.ts';
import type { KeyValueStore } from '../../ports/key-value-store.ts';
import type { MessageBus } from '../../ports/message-bus.ts';
import type { ConversationRuntime } from '../../runtime/processor-api.ts';
import type { TaskObserver } from './task-service.ts';

/** The subset of pino the A2A server logs through. */
export interface A2aLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Resolves a host name to every address it has (a stub in tests, `dns.lookup` otherwise). */
export type HostResolver = (hostname: string) => Promise<readonly { readonly address: string; readonly family: 4 | 6 }[]>;

export interface A2aPluginDeps {
  readonly runtime: ConversationRuntime;
  /** The current model; changes on `PUT /model`, and the AgentCard follows. */
  readonly assistant: () => Assistant;
  readonly config: A2AServerConfig;
  readonly kv: KeyValueStore;
  /** Carries mid-turn progress (working updates, artifact chunks) to subscribers on other replicas; without it they see statuses by polling only. */
  readonly bus?: MessageBus;
  /** Base URL derived from `--interface`/`--port`/TLS; `a2a_server.url` wins when set. */
  readonly publicUrl: string;
  readonly logger: A2aLogger;
  readonly clock?: Clock;
  /** Task, message and push-config ids; random UUIDs by default. */
  readonly ids?: IdSource;
  /** DNS for push targets (SSRF checks resolve once and connect to the checked address). */
  readonly resolver?: HostResolver;
  /** Fetch for the JWKS URL of `auth.jwks_url`. */
  readonly fetch?: typeof fetch;
  /** Push delivery tuning; defaults: 3 attempts, 500 ms doubling backoff, 10 s timeout. */
  readonly push?: { readonly attempts?: number; readonly baseDelayMs?: number; readonly timeoutMs?: number };
  /** SSE `: keep-alive` comment interval; default 15 s. */
  readonly keepAliveMs?: number;
  /** Request body cap for A2A routes; default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** How often `tasks/resubscribe` re-reads a running task from the store; default 100 ms. */
  readonly subscribePollMs?: number;
  /** Also told of every task transition (metrics); must not block. */
  readonly taskObserver?: TaskObserver;
}
