/**
 * The `@a2a-js/sdk` client an orchestrator would use against a live server, over each transport
 * the acceptance suites cover: v1.0 JSON-RPC and HTTP+JSON (found from the agent card), and the
 * legacy v0.3 JSON-RPC transport.
 */
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import { LegacyJsonRpcTransport } from '@a2a-js/sdk/compat/v0_3/client';

export const SDK_TRANSPORTS = ['JSONRPC 1.0', 'HTTP+JSON 1.0', 'JSONRPC 0.3'] as const;
export type SdkTransport = (typeof SDK_TRANSPORTS)[number];

export type SdkAgent = Pick<Client, 'sendMessage' | 'sendMessageStream' | 'getTask' | 'cancelTask' | 'resubscribeTask'>;

/** @param url the server's base URL */
export async function sdkAgent(transport: SdkTransport, url: string): Promise<SdkAgent> {
  if (transport === 'JSONRPC 0.3') return new LegacyJsonRpcTransport({ endpoint: `${url}/` });
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory(), new RestTransportFactory()],
      preferredTransports: [transport === 'JSONRPC 1.0' ? 'JSONRPC' : 'HTTP+JSON'],
    }),
  );
  // The card names the server's own URL: the client discovers it like an orchestrator would.
  return factory.createFromUrl(url);
}
