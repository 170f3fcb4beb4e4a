/**
 * One colloquy delegates to another: the callee runs as a real process
 * (`colloquy run` with `a2a_server:` in endpoints.yml) and the caller's A2A client drives one of
 * its flows to completion, taking the collected slot back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createA2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import { a2aAgent, a2aAssistant, agentInput, turn } from './fixtures.ts';
import { freePort } from '../../src/server/free-port.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let callee: ChildProcess;
let cardUrl = '';
let output = '';

function writeCalleeProject(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-callee-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'config.yml'), 'recipe: default.v1\nlanguage: en\nassistant_id: dealer\npipeline:\n  - name: OfflineCommandGenerator\npolicies:\n  - name: FlowPolicy\n');
  writeFileSync(join(dir, 'endpoints.yml'), `a2a_server:\n  description: Reserves cars.\n  url: http://127.0.0.1:${port}\n`);
  writeFileSync(
    join(dir, 'domain.yml'),
    'version: "3.1"\nsession_config:\n  start_session_after_expiry: false\nslots:\n  car_model:\n    type: text\nresponses:\n  utter_ask_car_model:\n    - text: "Which car model would you like?"\n  utter_reserved:\n    - text: "Reserved a {car_model}."\n',
  );
  writeFileSync(
    join(dir, 'data', 'flows.yml'),
    'flows:\n  reserve_car:\n    description: Reserve a car model at the dealer.\n    persisted_slots: [car_model]\n    steps:\n      - collect: car_model\n        description: the car model, like Golf\n      - action: utter_reserved\n',
  );
  writeFileSync(join(dir, 'data', 'nlu.yml'), 'version: "3.1"\nnlu:\n  - intent: reserve_car\n    examples: |\n      - I want to reserve a car\n      - reserve a car for me\n      - can you reserve a car\n');
  return dir;
}

beforeAll(async () => {
  const port = await freePort();
  const project = writeCalleeProject(port);
  callee = spawn(process.execPath, ['bin/colloquy.js', 'run', '--project', project, '--port', String(port), '--interface', '127.0.0.1', '--log-level', 'warn'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  callee.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  callee.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  cardUrl = `http://127.0.0.1:${port}/.well-known/agent-card.json`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(cardUrl).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || callee.exitCode !== null) throw new Error(`the callee colloquy did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 30_000);
afterAll(() => {
  callee?.kill('SIGTERM');
});

describe('colloquy → colloquy over A2A', () => {
  it('the caller drives a flow of the callee to completion and takes its slot', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('dealer', cardUrl)]));
    const report = await client.checkAgents();
    expect(report.agents[0]).toMatchObject({ ok: true });
    const first = await client.run('dealer', agentInput('I want to reserve a car'), turn());
    expect(first).toMatchObject({ status: 'input_required', response_message: 'Which car model would you like?' });
    const ids = { context_id: first.metadata?.context_id, task_id: first.metadata?.task_id };
    const done = await client.run('dealer', agentInput('Golf', ids), turn(ids));
    expect(done.status).toBe('completed');
    expect(done.response_message).toContain('Reserved a Golf.');
    expect(done.slots).toMatchObject({ car_model: 'Golf' });
  });
});
