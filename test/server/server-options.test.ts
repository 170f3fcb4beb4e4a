import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/create-server.ts';
import { fakeRuntime, testAssistant } from './fake-runtime.ts';

const base = () => ({ runtime: fakeRuntime(), model: { assistant: testAssistant(), modelId: 'm' }, logger: pino({ level: 'silent' }) });

describe('server options', () => {
  it('registers extra plugins beside the built-in routes (A2A at POST /)', async () => {
    const server = await createServer({
      ...base(),
      extraPlugins: [
        async (app, { runtime }) => {
          app.post('/', async (req) => {
            const turn = await runtime.handleMessage({ senderId: 'a2a', text: 'task', channel: 'a2a' });
            return { jsonrpc: '2.0', id: (req.body as { id: number }).id, result: turn.messages[0]?.text };
          });
          app.get('/.well-known/agent-card.json', async () => ({ name: 'test' }));
        },
      ],
    });
    try {
      expect((await server.app.inject({ method: 'POST', url: '/', payload: { jsonrpc: '2.0', id: 7 } })).json()).toEqual({ jsonrpc: '2.0', id: 7, result: 'echo: task' });
      expect((await server.app.inject('/.well-known/agent-card.json')).json()).toEqual({ name: 'test' });
      expect((await server.app.inject('/')).body).toMatch(/^Hello from colloquy/);
      // Errors in the plugin's scope still come out as JSON.
      expect((await server.app.inject({ method: 'POST', url: '/', payload: '{', headers: { 'content-type': 'application/json' } })).json().status).toBe('failure');
    } finally {
      await server.close();
    }
  });

  it('serves only the configured channels', async () => {
    const server = await createServer({ ...base(), channels: [{ name: 'socketio', options: {} }] });
    try {
      expect((await server.app.inject('/webhooks/rest/')).statusCode).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('rejects invalid socket.io credentials at startup', async () => {
    await expect(createServer({ ...base(), channels: [{ name: 'socketio', options: { session_persistence: 'yes' } }] })).rejects.toThrow(/credentials.yml, socketio: .*session_persistence/s);
  });

  it('serves HTTPS with the given certificate and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const server = await createServer({ ...base(), sslCertificate: cert, sslKeyfile: key, host: '127.0.0.1', port: 0 });
    const url = await server.listen();
    try {
      expect(url).toMatch(/^https:/);
      const body = await new Promise<string>((resolve, reject) => {
        request(`${url}/health`, { rejectUnauthorized: false }, (res) => {
          let data = '';
          res.on('data', (chunk: Buffer) => (data += chunk.toString()));
          res.on('end', () => resolve(data));
        })
          .on('error', reject)
          .end();
      });
      expect(JSON.parse(body)).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
  });
});
