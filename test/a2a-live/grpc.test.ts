/**
 * `colloquy run` with `a2a_server.grpc_port`: a real process serves A2A over gRPC beside JSON-RPC,
 * and the SDK's gRPC client, picking gRPC from the served agent card, completes a transfer.
 */
import { ClientFactory, ClientFactoryOptions } from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { Message, TaskState, type Task } from '@a2a-js/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/server/free-port.ts';
import { startLiveServer, type LiveServer } from './live-server.ts';

let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ endpoints: 'endpoints.grpc.yml', env: { A2A_GRPC_PORT: String(await freePort()) } });
});
afterAll(() => server?.close());

describe('colloquy run with a gRPC port', () => {
  it('advertises gRPC in its card and completes a transfer over it', async () => {
    const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { transports: [new GrpcTransportFactory()], preferredTransports: ['GRPC'] }));
    const client = await factory.createFromUrl(server.url);
    expect(client.transport.protocolName).toBe('GRPC');
    const send = async (text: string, messageId: string) =>
      (await client.sendMessage({ message: Message.fromJSON({ messageId, contextId: 'grpc-live', role: 'ROLE_USER', parts: [{ text }] }) } as never)) as Task;
    expect((await send('I want to send money to Alice', 'gl-1')).status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect((await send('50', 'gl-2')).status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect((await send('yes', 'gl-3')).status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(await server.userTurns('grpc-live')).toBe(3);
  });
});
