import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionRunner, NO_ACTIONS } from '../../src/adapters/actions/create-action-runner.ts';
import { HttpActionRunner } from '../../src/adapters/actions/http-action-runner.ts';
import { ModuleActionRunner } from '../../src/adapters/actions/module-action-runner.ts';
import { STATE_VERSION, type ConversationState } from '../../src/core/state.ts';
import { ActionRejectedError, type ActionCall } from '../../src/ports/action-runner.ts';
import { testAssistant } from './fake-runtime.ts';

const assistant = testAssistant();
const state: ConversationState = {
  version: STATE_VERSION,
  sender_id: 'conv-1',
  slots: { name: 'Ann' },
  stack: [{ type: 'flow', frame_id: 'f1', flow_id: 'greet', step_id: 'say_hi', frame_type: 'regular' }],
  events: [
    { event: 'action', timestamp: 1, name: 'action_listen' },
    { event: 'user', timestamp: 2, text: 'hi', parse_data: { text: 'hi', commands: [{ command: 'start flow', flow: 'greet' }] }, input_channel: 'rest', message_id: 'm1' },
  ],
  paused: false,
  latest_event_time: 2,
  latest_action_name: 'action_listen',
  latest_input_channel: 'rest',
};
const call = (name: string): ActionCall => ({ name, state, domain: assistant.domain });

describe('HttpActionRunner (Rasa action-server protocol)', () => {
  let server: Server;
  let url: string;
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const payload = JSON.parse(body) as Record<string, unknown>;
        received.push(payload);
        const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        switch (payload.next_action) {
          case 'action_check':
          case 'action_domain':
            return reply(200, { events: [{ event: 'slot', name: 'name', value: 'Bo' }], responses: [{ text: 'checked' }, { response: 'utter_greet' }] });
          case 'action_reject':
            return reply(400, { action_name: 'action_reject', error: 'not today' });
          case 'action_crash':
            return reply(500, { error: 'Traceback' });
          case 'action_garbage':
            return res.writeHead(200).end('<html>');
          case 'action_wrong_shape':
            return reply(200, { events: 'nope' });
          case 'action_empty':
            return reply(200, {});
          default:
            return; // hang: never answer
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('claims the domain custom actions only', () => {
    const runner = new HttpActionRunner({ url, domain: assistant.domain });
    expect(runner.has('action_check')).toBe(true);
    expect(runner.has('action_listen')).toBe(false);
    expect(runner.has('utter_greet')).toBe(false);
    expect(runner.has('action_unknown')).toBe(false);
  });

  it('posts the Rasa request and returns events and responses', async () => {
    received.length = 0;
    const result = await new HttpActionRunner({ url, domain: assistant.domain }).run(call('action_check'));
    expect(result).toEqual({ events: [{ event: 'slot', name: 'name', value: 'Bo' }], responses: [{ text: 'checked' }, { response: 'utter_greet' }] });
    const request = received[0] as { next_action: string; sender_id: string; version: string; tracker: Record<string, unknown>; domain: Record<string, unknown> };
    expect(request.next_action).toBe('action_check');
    expect(request.sender_id).toBe('conv-1');
    expect(request.version).toMatch(/^3\.\d+\.\d+$/);
    expect(request.tracker).toMatchObject({
      sender_id: 'conv-1',
      slots: { name: 'Ann' },
      latest_message: { text: 'hi', message_id: 'm1', commands: [{ command: 'start flow', flow: 'greet' }] },
      latest_action_name: 'action_listen',
      latest_input_channel: 'rest',
      active_loop: {},
      paused: false,
    });
    expect(request.tracker.events).toHaveLength(2);
    expect(request.domain.slots).toBeDefined();
  });

  it('sends the domain only to send_domain actions with selective domain', async () => {
    received.length = 0;
    const runner = new HttpActionRunner({ url, domain: assistant.domain, selectiveDomain: true });
    await runner.run(call('action_check'));
    await runner.run(call('action_domain'));
    expect(received.map((r) => 'domain' in r)).toEqual([false, true]);
  });

  it('turns a 400 into ActionRejectedError', async () => {
    const error = await new HttpActionRunner({ url, domain: assistant.domain }).run(call('action_reject')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionRejectedError);
    expect((error as Error).message).toBe("Action 'action_reject' was rejected: not today");
  });

  it.each([
    ['a 500', 'action_crash', /answered 500 for 'action_crash'/],
    ['a non-JSON reply', 'action_garbage', /invalid JSON/],
    ['a reply of the wrong shape', 'action_wrong_shape', /invalid reply/],
  ])('fails on %s', async (_name, action, message) => {
    await expect(new HttpActionRunner({ url, domain: assistant.domain }).run(call(action))).rejects.toThrow(message);
  });

  it('treats missing events and responses as empty', async () => {
    expect(await new HttpActionRunner({ url, domain: assistant.domain }).run(call('action_empty'))).toEqual({ events: [], responses: [] });
  });

  it('times out on a hanging server', async () => {
    const started = Date.now();
    await expect(new HttpActionRunner({ url, domain: assistant.domain, timeoutMs: 100 }).run(call('action_hang'))).rejects.toThrow(/no reply within 100 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails clearly when the server is down', async () => {
    await expect(new HttpActionRunner({ url: 'http://127.0.0.1:1/webhook', domain: assistant.domain }).run(call('action_check'))).rejects.toThrow(/failed to run 'action_check'/);
  });
});

describe('ModuleActionRunner (in-process TypeScript actions)', () => {
  function project(source: string, file = 'actions/index.ts'): string {
    const root = mkdtempSync(join(tmpdir(), 'colloquy-actions-'));
    mkdirSync(join(root, 'actions'), { recursive: true });
    writeFileSync(join(root, file), source);
    return root;
  }

  const source = `
    export default {
      action_check: async (call) => ({
        events: [{ event: 'slot', name: 'name', value: call.tracker.slots.name + '!' }],
        responses: [{ text: 'hi ' + call.sender_id + ' via ' + call.next_action + ' ' + Object.keys(call.domain.slots).join(',') }],
      }),
      action_sync: () => ({ responses: [{ text: 'sync' }] }),
      action_nothing: async () => undefined,
      action_throw: async () => { throw new Error('db down'); },
      action_hang: () => new Promise(() => {}),
      action_bad: async () => ({ events: [1, 2] }),
    };`;

  it('loads actions/index.ts and runs actions with the action-server payload', async () => {
    const runner = await ModuleActionRunner.load(project(source));
    expect(runner.has('action_check')).toBe(true);
    expect(runner.has('action_other')).toBe(false);
    expect(await runner.run(call('action_check'))).toEqual({
      events: [{ event: 'slot', name: 'name', value: 'Ann!' }],
      responses: [{ text: 'hi conv-1 via action_check name' }],
    });
    expect(await runner.run(call('action_sync'))).toEqual({ events: [], responses: [{ text: 'sync' }] });
    expect(await runner.run(call('action_nothing'))).toEqual({ events: [], responses: [] });
  });

  it('reports throwing, hanging and malformed actions as errors', async () => {
    const runner = await ModuleActionRunner.load(project(source), 'actions', { timeoutMs: 100 });
    await expect(runner.run(call('action_throw'))).rejects.toThrow("Action 'action_throw' failed: db down");
    await expect(runner.run(call('action_hang'))).rejects.toThrow(/did not finish within 100 ms/);
    await expect(runner.run(call('action_bad'))).rejects.toThrow(/invalid reply/);
  });

  it('accepts a named `actions` export and dotted module paths', async () => {
    const root = project(`export const actions = { action_x: () => ({ responses: [{ text: 'x' }] }) };`, 'actions/custom.ts');
    const runner = await ModuleActionRunner.load(root, 'actions.custom');
    expect(await runner.run(call('action_x'))).toEqual({ events: [], responses: [{ text: 'x' }] });
  });

  it('explains missing modules and wrong exports', async () => {
    await expect(ModuleActionRunner.load(mkdtempSync(join(tmpdir(), 'colloquy-empty-')))).rejects.toThrow(/actions_module 'actions': none of .*actions\.ts/);
    await expect(ModuleActionRunner.load(project('export const x = 1;'))).rejects.toThrow(/export an object mapping action names/);
    await expect(ModuleActionRunner.load(project('export default { action_a: 3 };'))).rejects.toThrow(/action 'action_a' must be a function/);
  });
});

describe('the starter project actions', () => {
  it('load and run through ModuleActionRunner', async () => {
    const runner = await ModuleActionRunner.load(join(import.meta.dirname, '../../examples/starter'));
    expect(runner.has('action_check_balance')).toBe(true);
    expect(await runner.run(call('action_check_balance'))).toEqual({ events: [{ event: 'slot', name: 'balance', value: 1000 }], responses: [] });
  });
});

describe('createActionRunner', () => {
  it('picks the runner endpoints.yml asks for', async () => {
    expect(await createActionRunner(assistant)).toBe(NO_ACTIONS);
    const http = await createActionRunner(testAssistant({ endpoints: { ...assistant.endpoints, actionEndpoint: { url: 'http://127.0.0.1:5055/webhook' } } }));
    expect(http).toBeInstanceOf(HttpActionRunner);
    const root = mkdtempSync(join(tmpdir(), 'colloquy-actions-'));
    writeFileSync(join(root, 'actions.ts'), 'export default { action_y: () => ({}) };');
    const module = await createActionRunner(testAssistant({ root, endpoints: { ...assistant.endpoints, actionEndpoint: { actionsModule: 'actions' } } }));
    expect(module.has('action_y')).toBe(true);
  });

  it('calls the action server at url when actions_module holds Python actions, and runs a TypeScript module in process even with a url (as Rasa)', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: [], responses: [{ text: 'from the action server' }] })));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
    try {
      const python = mkdtempSync(join(tmpdir(), 'colloquy-py-actions-'));
      mkdirSync(join(python, 'actions'));
      writeFileSync(join(python, 'actions', 'lookup.py'), 'class Lookup: pass\n');
      const remote = await createActionRunner(testAssistant({ root: python, endpoints: { ...assistant.endpoints, actionEndpoint: { actionsModule: 'actions', url } } }));
      expect(await remote.run(call('action_lookup'))).toEqual({ events: [], responses: [{ text: 'from the action server' }] });

      const script = mkdtempSync(join(tmpdir(), 'colloquy-ts-actions-'));
      writeFileSync(join(script, 'actions.ts'), "export default { action_lookup: () => ({ responses: [{ text: 'in process' }] }) };");
      const local = await createActionRunner(testAssistant({ root: script, endpoints: { ...assistant.endpoints, actionEndpoint: { actionsModule: 'actions', url } } }));
      expect(await local.run(call('action_lookup'))).toEqual({ events: [], responses: [{ text: 'in process' }] });
    } finally {
      server.close();
    }
  });
});
