/**
 * Loads an A2A agent card (`configuration.agent_card`): a project-relative JSON file or an
 * http(s) URL, within a deadline and a size limit, then checks that it is a card colloquy can use
 * (v1.0 `supportedInterfaces` or v0.3 `url`/`additionalInterfaces`, over JSON-RPC, HTTP+JSON or gRPC).
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { AgentCard } from '@a2a-js/sdk';
import { DefaultAgentCardResolver } from '@a2a-js/sdk/client';
import { z } from 'zod';
import { AgentCardError, describeError } from './a2a-errors.ts';
import { boundedFetch } from './bounded-fetch.ts';
import { parseGrpcTarget } from './grpc-target.ts';

/** Transports the client speaks. */
export const SUPPORTED_BINDINGS = ['JSONRPC', 'HTTP+JSON', 'GRPC'] as const;

export interface CardLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export interface ResolvedCard {
  /** The card in the SDK's (v1.0) shape; v0.3 cards are translated, their interfaces marked `0.3`. */
  readonly card: AgentCard;
  /** Where it came from (absolute file path or URL). */
  readonly source: string;
}

const v10Interface = z.object({ url: z.string().min(1), protocolBinding: z.string().min(1), protocolVersion: z.string().optional() });
const cardShape = z.union([
  z.looseObject({ name: z.string().min(1), supportedInterfaces: z.array(v10Interface).min(1) }),
  z.looseObject({
    name: z.string().min(1),
    url: z.string().min(1),
    preferredTransport: z.string().optional(),
    additionalInterfaces: z.array(z.object({ url: z.string(), transport: z.string() })).optional(),
  }),
]);

const resolver = new DefaultAgentCardResolver({ legacyCompat: { enabled: true } });

export function isUrl(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

async function readCardFile(file: string, limits: CardLimits): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new AgentCardError(`agent card file ${file} does not exist`);
  }
  if (size > limits.maxBytes) throw new AgentCardError(`agent card file ${file} is larger than ${limits.maxBytes} bytes`);
  return readFile(file, 'utf8');
}

async function fetchCard(url: string, fetchImpl: typeof fetch, limits: CardLimits): Promise<string> {
  const target = new URL(url);
  if (target.pathname === '/' || target.pathname === '') target.pathname = '/.well-known/agent-card.json';
  const bounded = boundedFetch(fetchImpl, { timeoutMs: limits.timeoutMs, maxResponseBytes: limits.maxBytes, maxStreamBytes: limits.maxBytes });
  try {
    const response = await bounded(target, { headers: { 'A2A-Version': '1.0', accept: 'application/json' } });
    if (!response.ok) throw new AgentCardError(`HTTP ${response.status}`);
    return await response.text();
  } catch (error) {
    throw new AgentCardError(`cannot load the agent card from ${target.href}: ${describeError(error)}`);
  }
}

function checkCard(raw: unknown, source: string): AgentCard {
  const parsed = cardShape.safeParse(raw);
  if (!parsed.success) {
    const issues = (parsed.error.issues[0] as { errors?: { path: PropertyKey[]; message: string }[][] } | undefined)?.errors?.flat() ?? parsed.error.issues;
    const detail = issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(card)'}: ${i.message}`)
      .join('; ');
    throw new AgentCardError(`${source} is not a valid A2A agent card (${detail}); it needs 'name' and either 'supportedInterfaces' (v1.0) or 'url' (v0.3)`);
  }
  const data = parsed.data as Record<string, unknown>;
  // A v1.0 interface without a version would be taken for v0.3 by the SDK.
  const withVersions = Array.isArray(data.supportedInterfaces)
    ? { ...data, supportedInterfaces: (data.supportedInterfaces as z.infer<typeof v10Interface>[]).map((i) => ({ ...i, protocolVersion: i.protocolVersion || '1.0' })) }
    : data;
  const card = resolver.normalizeAgentCard(withVersions);
  const usable = (card.supportedInterfaces ?? []).filter((i) => SUPPORTED_BINDINGS.some((b) => b === i.protocolBinding.toUpperCase()));
  if (usable.length === 0) {
    const offered = [...new Set((card.supportedInterfaces ?? []).map((i) => i.protocolBinding))].join(', ') || 'none';
    throw new AgentCardError(`${source} offers no transport colloquy supports (offered: ${offered}; supported: ${SUPPORTED_BINDINGS.join(', ')})`);
  }
  const badUrl = usable.find((i) => (i.protocolBinding.toUpperCase() === 'GRPC' ? !parseGrpcTarget(i.url) : !isUrl(i.url)));
  if (badUrl) {
    const expected = badUrl.protocolBinding.toUpperCase() === 'GRPC' ? 'host:port or a grpc(s)/http(s) URL' : 'an http(s) URL';
    throw new AgentCardError(`${source}: ${badUrl.protocolBinding} interface url '${badUrl.url}' is not ${expected}`);
  }
  return card;
}

/**
 * @param ref `configuration.agent_card`
 * @param projectRoot folder that relative file paths are resolved against
 */
export async function resolveAgentCard(ref: string, projectRoot: string, fetchImpl: typeof fetch, limits: CardLimits): Promise<ResolvedCard> {
  const source = isUrl(ref) ? ref : isAbsolute(ref) ? ref : resolve(projectRoot, ref);
  const text = isUrl(ref) ? await fetchCard(ref, fetchImpl, limits) : await readCardFile(source, limits);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AgentCardError(`${source} is not JSON: ${(error as Error).message}`);
  }
  return { card: checkCard(raw, source), source };
}
