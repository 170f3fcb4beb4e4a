import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResolver } from '../../src/channels/a2a/index.ts';
import { startHarness, msg03, msg10, type Harness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let receiver: FastifyInstance;
let port: number;
const received: { path: string; headers: Json; body: Json }[] = [];
let flakyFailures = 0;
let rebindCalls = 0;

const resolver: HostResolver = async (host) => {
  const table: Record<string, string> = { 'hooks.test': '127.0.0.1', 'evil.test': '10.0.0.7', 'meta.test': '169.254.169.254', 'v6.test': '::1' };
  if (host === 'rebind.test') return [{ address: ++rebindCalls === 1 ? '93.184.216.34' : '127.0.0.2', family: 4 }];
  const address = table[host];
  if (!address) throw new Error('ENOTFOUND');
  return [{ address, family: address.includes(':') ? 6 : 4 }];
};

let h: Harness;
beforeAll(async () => {
  receiver = Fastify();
  receiver.addContentTypeParser('application/a2a+json', { parseAs: 'string' }, (_r, b, d) => d(null, JSON.parse(b as string)));
  receiver.post('/hook', async (req) => void received.push({ path: '/hook', headers: req.headers, body: req.body as Json }));
  receiver.post('/redirect', async (req, reply) => {
    received.push({ path: '/redirect', headers: req.headers, body: req.body as Json });
    return reply.redirect('http://169.254.169.254/latest/meta-data', 302);
  });
  receiver.post('/flaky', async (req, reply) => {
    received.push({ path: '/flaky', headers: req.headers, body: req.body as Json });
    if (flakyFailures++ < 2) return reply.code(503).send();
    return {};
  });
  receiver.post('/slow', async () => new Promise((r) => setTimeout(() => r({}), 1500)));
  await receiver.listen({ host: '127.0.0.1', port: 0 });
  port = (receiver.server.address() as { port: number }).port;
  h = await startHarness({
    config: { pushNotificationsEnabled: true, pushNotificationAllowedHosts: ['hooks.test', 'evil.test', 'meta.test', 'rebind.test', 'v6.test', '127.0.0.1'] },
    deps: { resolver, push: { attempts: 3, baseDelayMs: 10, timeoutMs: 3000 } },
  });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

const hook = (path = '/hook', host = 'hooks.test') => `http://${host}:${port}${path}`;
const ofPath = (path: string) => received.filter((r) => r.path === path);

describe('push notifications', () => {
  it('delivers every state transition of a task to an allowed host (v0.3 Task bodies, token header)', async () => {
    const task = (await h.rpc('message/send', { message: msg03('transfer', 'p1', 'push-1'), configuration: { pushNotificationConfig: { url: hook(), token: 'tok-1' } } })).body.result as Json;
    await h.rpc('tasks/cancel', { id: task.id });
    await h.pushIdle();
    const mine = ofPath('/hook').filter((r) => r.body.id === task.id);
    expect(mine.map((r) => r.body.status.state)).toEqual(['working', 'input-required', 'canceled']);
    expect(mine[0]!.headers['x-a2a-notification-token']).toBe('tok-1');
    expect(mine[0]!.headers.host).toBe(`hooks.test:${port}`);
  });

  it('sends v1.0 StreamResponses with Authorization for configs registered over v1.0', async () => {
    const config = { url: hook(), authentication: { scheme: 'Bearer', credentials: 'secret' } };
    const sent = (await h.rpc('SendMessage', { message: msg10('book', 'p2', 'push-2'), configuration: { taskPushNotificationConfig: config } }, { 'A2A-Version': '1.0' })).body.result as Json;
    await h.pushIdle();
    const mine = ofPath('/hook').filter((r) => (r.body.task?.id ?? r.body.statusUpdate?.taskId) === sent.task.id);
    expect(mine.map((r) => Object.keys(r.body)[0])).toEqual(['task', 'statusUpdate']);
    expect(mine[1]!.body.statusUpdate.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    expect(mine[0]!.headers.authorization).toBe('Bearer secret');
    expect(mine[0]!.headers['content-type']).toBe('application/a2a+json');
  });

  it.each([
    ['a host not on the allowlist', 'http://other.test/hook'],
    ['a name resolving to a private address', 'http://evil.test/hook'],
    ['a name resolving to the metadata service', 'http://meta.test/hook'],
    ['a name resolving to IPv6 loopback', 'http://v6.test/hook'],
    ['the metadata address itself', 'http://169.254.169.254/latest'],
    ['a private address', 'http://10.0.0.1/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['a non-http scheme', 'file:///etc/passwd'],
    ['credentials in the url', `http://user:pw@hooks.test:1/hook`],
  ])('refuses %s at registration, before any turn', async (_name, url) => {
    const contextId = `refuse-${url}`;
    const { body } = await h.rpc('message/send', { message: msg03('transfer', 'r', contextId), configuration: { pushNotificationConfig: { url } } });
    expect((body.error as Json).code).toBe(-32602);
    expect(h.runtime.turnsOf(contextId)).toHaveLength(0);
  });

  it('re-resolves at delivery and refuses a name that now points at a private address (DNS rebinding)', async () => {
    const before = received.length;
    const { body } = await h.rpc('message/send', { message: msg03('transfer', 'p3', 'push-3'), configuration: { pushNotificationConfig: { url: hook('/hook', 'rebind.test') } } });
    expect(body.error).toBeUndefined();
    expect((body.result as Json).status.state).toBe('input-required');
    await h.pushIdle();
    expect(received.length).toBe(before);
    expect(h.logger.lines.some((l) => l.msg === 'a2a push not delivered' && /127\.0\.0\.2/.test(JSON.stringify(l.obj)))).toBe(true);
  });

  it('does not follow redirects', async () => {
    await h.rpc('message/send', { message: msg03('transfer', 'p4', 'push-4'), configuration: { pushNotificationConfig: { url: hook('/redirect') } } });
    await h.pushIdle();
    // One POST per transition, none retried or followed.
    expect(ofPath('/redirect')).toHaveLength(2);
  });

  it('retries with backoff until delivered', async () => {
    await h.rpc('message/send', { message: msg03('hello', 'p5', 'push-5'), configuration: { pushNotificationConfig: { url: hook('/flaky') } } });
    await h.pushIdle();
    expect(ofPath('/flaky').length).toBe(4); // 2 failures + 1 success for the first transition, 1 for the second
  });

  it('never blocks the turn on a slow receiver', async () => {
    const started = Date.now();
    await h.rpc('message/send', { message: msg03('transfer', 'p6', 'push-6'), configuration: { pushNotificationConfig: { url: hook('/slow') } } });
    expect(Date.now() - started).toBeLessThan(1000);
    await h.pushIdle();
  });

  it('supports set/get/list/delete in both generations', async () => {
    const task = (await h.rpc('message/send', { message: msg03('transfer', 'p7', 'push-7') })).body.result as Json;
    const set = (await h.rpc('tasks/pushNotificationConfig/set', { taskId: task.id, pushNotificationConfig: { id: 'cfg-1', url: hook() } })).body.result as Json;
    expect(set).toEqual({ taskId: task.id, pushNotificationConfig: { id: 'cfg-1', url: hook() } });
    expect((await h.rpc('tasks/pushNotificationConfig/get', { id: task.id, pushNotificationConfigId: 'cfg-1' })).body.result).toEqual(set);
    const v1 = { 'A2A-Version': '1.0' };
    await h.rpc('CreateTaskPushNotificationConfig', { taskId: task.id, id: 'cfg-2', url: hook() }, v1);
    const list = (await h.rpc('ListTaskPushNotificationConfigs', { taskId: task.id }, v1)).body.result as Json;
    expect(list.configs.map((c: Json) => c.id)).toEqual(['cfg-1', 'cfg-2']);
    await h.rpc('DeleteTaskPushNotificationConfig', { taskId: task.id, id: 'cfg-1' }, v1);
    expect(((await h.rpc('tasks/pushNotificationConfig/list', { id: task.id })).body.result as Json[]).map((c) => c.pushNotificationConfig.id)).toEqual(['cfg-2']);
  });
});

describe('push notifications disabled', () => {
  it('answers PushNotificationNotSupported', async () => {
    const off = await startHarness();
    try {
      const task = (await off.rpc('message/send', { message: msg03('transfer', 'x', 'off') })).body.result as Json;
      const { body } = await off.rpc('tasks/pushNotificationConfig/set', { taskId: task.id, pushNotificationConfig: { url: 'http://hooks.test/x' } });
      expect((body.error as Json).code).toBe(-32003);
    } finally {
      await off.close();
    }
  });
});
