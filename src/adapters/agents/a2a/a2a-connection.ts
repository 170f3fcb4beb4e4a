/**
 * One A2A sub-agent's connection: its card and an `@a2a-js/sdk` client on the first transport of
 * the card that we speak — JSON-RPC, HTTP+JSON or gRPC (the card lists interfaces in the agent's
 * order of preference). Each interface carries its protocol version, so v0.3 agents get the SDK's
 * legacy transports (`message/send`, `tasks/get`, …) and v1.0 agents the current ones
 * (`SendMessage`, `GetTask`, …).
 * @module
 */
import { ClientFactory, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import type { ClientAuth } from '../../../core/assistant.ts';
import { clientAuthHeaders } from '../../auth/client-auth-headers.ts';
import { resolveAgentCard, type CardLimits, type ResolvedCard } from './agent-card-source.ts';
import { authenticatedFetch } from './authenticated-fetch.ts';
import { boundedFetch, type FetchLimits } from './bounded-fetch.ts';
import { grpcTransportFactory } from './grpc-transport.ts';

export interface A2aConnection {
  readonly client: Client;
  readonly card: ResolvedCard;
  /** `JSONRPC`, `HTTP+JSON` or `GRPC`. */
  readonly transport: string;
  /** Protocol version of the chosen interface (`1.0`, `0.3`). */
  readonly protocolVersion: string;
  readonly url: string;
  readonly streaming: boolean;
}

export interface ConnectOptions {
  readonly agentCard: string;
  readonly projectRoot: string;
  readonly auth?: ClientAuth;
  readonly fetch: typeof fetch;
  readonly card: CardLimits;
  readonly requests: FetchLimits;
}

/** Output modes we can show to a user or turn into slots (as Rasa sends them). */
const ACCEPTED_OUTPUT_MODES = ['text', 'text/plain', 'application/json'];

export async function connectAgent(options: ConnectOptions): Promise<A2aConnection> {
  const card = await resolveAgentCard(options.agentCard, options.projectRoot, options.fetch, options.card);
  const requestFetch = boundedFetch(options.fetch, options.requests);
  // One token cache for every transport of the agent.
  const credentials = clientAuthHeaders(options.auth, { fetch: requestFetch });
  const fetchImpl = authenticatedFetch(requestFetch, options.auth, credentials);
  const legacyCompat = { enabled: true };
  const factory = new ClientFactory({
    transports: [
      new JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
      new RestTransportFactory({ fetchImpl, legacyCompat }),
      grpcTransportFactory({ ...(options.auth ? { auth: options.auth } : {}), ...(credentials ? { credentials } : {}), timeoutMs: options.requests.timeoutMs }),
    ],
    clientConfig: { acceptedOutputModes: ACCEPTED_OUTPUT_MODES },
  });
  const client = await factory.createFromAgentCard(card.card);
  const sameBinding = card.card.supportedInterfaces.filter((i) => i.protocolBinding.toUpperCase() === client.transport.protocolName.toUpperCase());
  const chosen = sameBinding.find((i) => i.protocolVersion === client.protocolVersion) ?? sameBinding[0];
  return {
    client,
    card,
    transport: client.transport.protocolName,
    protocolVersion: client.protocolVersion,
    url: chosen?.url ?? '',
    streaming: card.card.capabilities?.streaming === true,
  };
}
