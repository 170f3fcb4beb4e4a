/**
 * The gRPC port serves TLS with the HTTP server's certificate (`--ssl-certificate`/`--ssl-keyfile`,
 * an encrypted key with `--ssl-password`): a client that trusts it talks, a plaintext one cannot.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message, TaskState } from '@a2a-js/sdk';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { startA2aGrpcServer, type A2aGrpcServer } from '../../src/channels/a2a/index.ts';
import { httpsOptions } from '../../src/server/create-server.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { a2aConfig, bankingAssistant, recordingLogger } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'colloquy-grpc-tls-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
const kv = new MemoryKeyValueStore();
let server: A2aGrpcServer;

beforeAll(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-passout', 'pass:hunter2'], { stdio: 'ignore' });
  const assistant = bankingAssistant();
  server = await startA2aGrpcServer({
    runtime: new FakeRuntime(),
    assistant: () => assistant,
    config: a2aConfig(),
    kv,
    publicUrl: 'https://agent.test:5005',
    logger: recordingLogger(),
    host: '127.0.0.1',
    port: 0,
    shutdownGraceMs: 200,
    tls: httpsOptions({ sslCertificate: cert, sslKeyfile: key, sslPassword: 'hunter2' }).https,
  });
});
afterAll(async () => {
  await server.close();
  await kv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function transport(credentials: grpc.ChannelCredentials) {
  const card = { supportedInterfaces: [{ url: `127.0.0.1:${server.port}`, protocolBinding: 'GRPC', protocolVersion: '1.0', tenant: '' }] };
  return new GrpcTransportFactory({ grpcChannelCredentials: credentials }).create(`127.0.0.1:${server.port}`, card as never);
}

const hello = () => ({ message: Message.fromJSON({ messageId: `tls-${Math.random()}`, role: 'ROLE_USER', parts: [{ text: 'book an appointment' }] }) }) as never;

it('a client trusting the certificate runs a turn over TLS', async () => {
  const client = await transport(grpc.credentials.createSsl(readFileSync(cert)));
  const result = await client.sendMessage(hello());
  expect('status' in result && result.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
});

it('a plaintext client cannot talk to the TLS port', async () => {
  const client = await transport(grpc.credentials.createInsecure());
  await expect(client.sendMessage(hello())).rejects.toThrow();
});
