/**
 * The AgentCard: generated from the assistant's user flows (patterns too when
 * `include_conversation_repair`), or read from `agent_card_path` with `url` still resolved.
 * Served in the v1.0 shape to clients that ask for `A2A-Version: 1.0` (header or query parameter) and
 * otherwise in the v0.3 shape plus the v1.0 `supportedInterfaces` (one document both generations read),
 * with `ETag`, `Last-Modified` and `Cache-Control`; rebuilt whenever the assistant model changes.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { A2AServerConfig, Assistant } from '../../core/assistant.ts';
import { isPatternId } from '../../core/flows.ts';
import type { Generation } from './task-model.ts';

export interface ServedCard {
  readonly body: string;
  readonly etag: string;
  readonly lastModified: string;
}

export interface CardOptions {
  readonly config: A2AServerConfig;
  /** The resolved public base URL, without a trailing slash. */
  readonly url: string;
  readonly streaming: boolean;
}

/** Where `grpc_port` is reachable: the public URL's host, plaintext `host:port` as gRPC cards write it. */
function grpcUrlOf(publicUrl: string, grpcPort: number): string {
  return `${new URL(publicUrl).hostname}:${grpcPort}`;
}

const MODES = ['text/plain', 'application/json'];

export class AgentCardCache {
  private cached?: { readonly assistant: Assistant; readonly cards: Record<Generation, ServedCard> };

  constructor(
    private readonly options: CardOptions,
    private readonly now: () => number,
  ) {}

  /** The card for the current model; regenerated when `assistant` is a different model object. */
  card(assistant: Assistant, generation: Generation): ServedCard {
    if (this.cached?.assistant !== assistant) {
      const lastModified = new Date(Math.floor(this.now() / 1000) * 1000).toUTCString();
      const serve = (card: object): ServedCard => {
        const body = JSON.stringify(card);
        return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, lastModified };
      };
      const staticCard = this.options.config.agentCardPath ? readStaticCard(assistant.root, this.options.config.agentCardPath, this.options.url) : undefined;
      const v10 = buildV10Card(assistant, this.options);
      this.cached = {
        assistant,
        cards: {
          // A header-less fetch gets the v0.3 card with the v1.0 interfaces beside it, so clients of either generation find an endpoint.
          '0.3': serve(staticCard ?? { ...buildV03Card(assistant, this.options), supportedInterfaces: v10.supportedInterfaces }),
          '1.0': serve(staticCard ?? v10),
        },
      };
    }
    return this.cached.cards[generation];
  }
}

interface Skill {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
}

export function skillsOf(assistant: Assistant, includePatterns: boolean): Skill[] {
  return Object.values(assistant.flows)
    .filter((flow) => includePatterns || !isPatternId(flow.id))
    .sort((a, b) => Number(isPatternId(a.id)) - Number(isPatternId(b.id)) || a.id.localeCompare(b.id))
    .map((flow) => ({
      id: flow.id,
      name: flow.name || flow.id,
      description: flow.description || flow.name || flow.id,
      tags: [isPatternId(flow.id) ? 'conversation-repair' : 'flow'],
    }));
}

function cardName(assistant: Assistant): string {
  return assistant.config.assistantId || 'colloquy-assistant';
}

export function buildV03Card(assistant: Assistant, options: CardOptions): Record<string, unknown> {
  const { config, url } = options;
  const auth = config.auth
    ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, security: [{ bearer: [] }] }
    : {};
  return {
    protocolVersion: '0.3.0',
    name: cardName(assistant),
    description: config.description,
    url: `${url}/`,
    preferredTransport: 'JSONRPC',
    additionalInterfaces: [{ url: `${url}/`, transport: 'JSONRPC' }, ...grpcInterfaces(options, (u) => ({ url: u, transport: 'GRPC' }))],
    version: assistant.fingerprint,
    capabilities: { streaming: options.streaming, pushNotifications: config.pushNotificationsEnabled, stateTransitionHistory: false },
    defaultInputModes: MODES,
    defaultOutputModes: MODES,
    skills: skillsOf(assistant, config.includeConversationRepair),
    ...auth,
  };
}

export function buildV10Card(assistant: Assistant, options: CardOptions): Record<string, unknown> {
  const { config, url } = options;
  const auth = config.auth
    ? {
        securitySchemes: { bearer: { httpAuthSecurityScheme: { scheme: 'bearer', bearerFormat: 'JWT' } } },
        securityRequirements: [{ schemes: { bearer: { list: [] } } }],
      }
    : {};
  return {
    name: cardName(assistant),
    description: config.description,
    supportedInterfaces: [
      { url: `${url}/`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
      { url: `${url}/`, protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
      ...grpcInterfaces(options, (u) => ({ url: u, protocolBinding: 'GRPC', protocolVersion: '1.0' })),
      ...grpcInterfaces(options, (u) => ({ url: u, protocolBinding: 'GRPC', protocolVersion: '0.3' })),
    ],
    version: assistant.fingerprint,
    capabilities: { streaming: options.streaming, pushNotifications: config.pushNotificationsEnabled },
    defaultInputModes: MODES,
    defaultOutputModes: MODES,
    skills: skillsOf(assistant, config.includeConversationRepair),
    ...auth,
  };
}

/** The gRPC interface (with `grpc_port`), listed after the HTTP ones so that HTTP stays the preferred transport. */
function grpcInterfaces(options: CardOptions, entry: (url: string) => Record<string, string>): Record<string, string>[] {
  const port = options.config.grpcPort;
  return port ? [entry(grpcUrlOf(options.url, port))] : [];
}

/** A static card as written, with `url` (and v1.0 interface urls) set to the resolved public URL. */
function readStaticCard(root: string, cardPath: string, url: string): Record<string, unknown> {
  const path = isAbsolute(cardPath) ? cardPath : resolve(root, cardPath);
  let card: unknown;
  try {
    card = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`a2a_server.agent_card_path: cannot read '${path}' as JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof card !== 'object' || card === null || Array.isArray(card)) throw new Error(`a2a_server.agent_card_path: '${path}' must hold a JSON object.`);
  const result: Record<string, unknown> = { ...card, url: `${url}/` };
  if (Array.isArray(result.supportedInterfaces)) {
    // gRPC interfaces keep their address: it is not the HTTP port.
    result.supportedInterfaces = result.supportedInterfaces.map((i: Record<string, unknown>) => (i.protocolBinding === 'GRPC' ? i : { ...i, url: i.protocolBinding === 'HTTP+JSON' ? url : `${url}/` }));
  }
  return result;
}
