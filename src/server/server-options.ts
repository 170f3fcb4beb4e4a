/**
 * What `createServer` takes: the runtime, the loaded model, and Rasa's `rasa run` settings.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Assistant, ChannelConfig } from '../core/assistant.ts';
import type { ConversationRuntime } from '../runtime/processor-api.ts';
import type { MetricsSource } from './metrics-route.ts';
import type { TurnInspection } from '../ports/turn-inspection.ts';
import type { VoiceLimits } from '../channels/voice/voice-routes.ts';
import type { SpeechEngines } from './voice-server.ts';

/** The assistant being served, as `/status`, `/domain` and `/flows` report it. */
export interface ModelInfo {
  readonly assistant: Assistant;
  readonly modelId: string;
  /** Path of the trained bundle, when serving one. */
  readonly modelFile?: string;
}

/**
 * Adds routes to the server (A2A JSON-RPC at `POST /`, agent card…); runs in its own encapsulated scope.
 * `runtime` is the server's guarded runtime: turns through it count for graceful shutdown and the response timeout.
 */
export type ExtraPlugin = (app: FastifyInstance, context: { readonly runtime: ConversationRuntime }) => Promise<void>;

export interface ServerOptions {
  readonly runtime: ConversationRuntime;
  readonly model: ModelInfo;
  /** Loads the bundle for `PUT /model` and swaps it into the runtime; without it the route is absent. Rejections answer 400. */
  readonly reloadModel?: (modelFile: string) => Promise<ModelInfo>;
  /** Default 5005. */
  readonly port?: number;
  /** Default `0.0.0.0`. */
  readonly host?: string;
  /** Serves the HTTP API (`/conversations/…`, `/domain`, `/flows`, `/model`). */
  readonly enableApi?: boolean;
  readonly authToken?: string;
  /** HMAC secret, or a PEM public key for RS/ES/PS methods. */
  readonly jwtSecret?: string;
  /** Default `HS256`. */
  readonly jwtMethod?: string;
  /** Allowed CORS origins; `*` allows any. */
  readonly cors?: readonly string[];
  /** Paths of the TLS certificate and key files; both turn on HTTPS. */
  readonly sslCertificate?: string;
  readonly sslKeyfile?: string;
  readonly sslPassword?: string;
  /** A turn running longer answers 503 `ResponseTimeout` (it may still complete). Default 3600, as Rasa. */
  readonly responseTimeoutSeconds?: number;
  /** Default 1 MB. */
  readonly bodyLimitBytes?: number;
  /** Channels to serve (`rest`, `socketio`); default the assistant's credentials.yml, or `rest` when it has none. */
  readonly channels?: readonly ChannelConfig[];
  /** Default: pino at `info`. */
  readonly logger?: Logger;
  /** How long `close()` waits for in-flight turns and requests. Default 10 s. */
  readonly shutdownTimeoutMs?: number;
  readonly extraPlugins?: readonly ExtraPlugin[];
  /** Serves `GET /metrics` (Prometheus text); absent by default. */
  readonly metrics?: MetricsSource;
  /** With the HTTP API: serves `GET /conversations/{id}/inspection`, the recorded turns (`colloquy inspect`). */
  readonly inspection?: TurnInspection;
  /** Builds the ASR/TTS engines of voice-stream channels (`browser_audio`…) from their credentials sections; required when one is served. */
  readonly speech?: SpeechEngines;
  /** Per-socket and per-server limits of voice calls; defaults in `DEFAULT_VOICE_LIMITS`. */
  readonly voiceLimits?: Partial<VoiceLimits>;
  /** Takes an incoming request's trace context (W3C `traceparent`) as the parent of what it runs. */
  readonly continueTrace?: (headers: Readonly<Record<string, unknown>>) => void;
}
