/**
 * Acceptance: the span tree of a turn with an MCP tool step and an A2A delegation, across two real
 * `colloquy run` processes exporting to one in-process OTLP receiver. The orchestrator's turn runs
 * `colloquy.tool echo` (server-everything over MCP) and `colloquy.agent dealer`; the dealer (another
 * colloquy serving A2A) continues the same trace: its turn is a child of the orchestrator's agent span.
 * Both run as `colloquy inspect`, whose turn details show the same tool step, delegation and A2A turn.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEverything, type EverythingServer } from '../mcp/server-everything.ts';
import { API_TOKEN, say, startColloquy, type ColloquyProcess } from '../serving/colloquy-process.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

const CONFIG = (id: string) => `recipe: default.v1\nlanguage: en\nassistant_id: ${id}\npipeline:\n  - name: OfflineCommandGenerator\npolicies:\n  - name: FlowPolicy\n`;
const tracing = (service: string) => `tracing:\n  type: otlp\n  endpoint: \${OTLP_URL}\n  service_name: ${service}\n`;

function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-traced-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const dealerProject = () =>
  writeProject({
    'config.yml': CONFIG('dealer'),
    'endpoints.yml': `a2a_server:\n  description: Reserves cars.\n${tracing('dealer')}`,
    'domain.yml': 'version: "3.1"\nsession_config:\n  start_session_after_expiry: false\nslots:\n  car_model:\n    type: text\nresponses:\n  utter_ask_car_model:\n    - text: "Which car model would you like?"\n  utter_reserved:\n    - text: "Reserved a {car_model}."\n',
    'data/flows.yml': 'flows:\n  reserve_car:\n    description: Reserve a car model at the dealer.\n    steps:\n      - collect: car_model\n        description: the car model, like Golf\n      - action: utter_reserved\n',
    'data/nlu.yml': 'version: "3.1"\nnlu:\n  - intent: reserve_car\n    examples: |\n      - I want to reserve a car\n      - reserve a car for me\n',
  });

const shopProject = () =>
  writeProject({
    'config.yml': CONFIG('shop'),
    'endpoints.yml': `mcp_servers:\n  - name: everything\n    url: \${MCP_URL}\n    type: http\n${tracing('shop')}`,
    'domain.yml': 'version: "3.1"\nslots:\n  note:\n    type: text\n  echoed:\n    type: text\nresponses:\n  utter_done:\n    - text: "Done."\n',
    'data/flows.yml':
      'flows:\n  buy_car:\n    description: Buy a car; the dealer agent reserves it.\n    steps:\n      - set_slots:\n          - note: buying a car\n      - call: echo\n        mcp_server: everything\n        mapping:\n          input:\n            - param: message\n              slot: note\n          output:\n            - slot: echoed\n              value: result.content[0].text\n      - call: dealer\n      - action: utter_done\n',
    'data/nlu.yml': 'version: "3.1"\nnlu:\n  - intent: buy_car\n    examples: |\n      - I want to reserve a car\n      - buy a car\n',
    'sub_agents/dealer/config.yml': 'agent:\n  name: dealer\n  protocol: A2A\n  description: Reserves cars.\nconfiguration:\n  agent_card: ${DEALER_CARD}\n  timeout: 10\n',
  });

describe('tracing across an MCP tool step and an A2A delegation', () => {
  const dirs: string[] = [];
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let mcp: EverythingServer;
  let dealer: ColloquyProcess;
  let shop: ColloquyProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    mcp = await startEverything('streamableHttp');
    const dealerDir = dealerProject();
    const shopDir = shopProject();
    dirs.push(dealerDir, shopDir);
    const env = { OTLP_URL: receiver.url };
    // `inspect` is `run` plus the inspector, which also records each turn's phases (the last test).
    dealer = await startColloquy({ project: dealerDir, env, command: 'inspect' });
    shop = await startColloquy({ project: shopDir, env: { ...env, MCP_URL: mcp.url, DEALER_CARD: `${dealer.url}/.well-known/agent-card.json` }, command: 'inspect' });
  }, 90_000);
  afterAll(async () => {
    await shop?.stop();
    await dealer?.stop();
    await mcp?.stop();
    await receiver?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('exports one trace: turn → tool and agent spans → the dealer’s turn', async () => {
    const reply = await say(shop.url, 'car-buyer', 'I want to reserve a car');
    expect(reply.texts).toContain('Which car model would you like?');

    const find = (service: string, name: string, traceId?: string) => receiver.spans.find((s) => s.service === service && s.name === name && (!traceId || s.traceId === traceId));
    const deadline = Date.now() + 20_000;
    const dealerTurnOf = () => {
      const turn = find('shop', 'colloquy.turn');
      return turn && find('dealer', 'colloquy.turn', turn.traceId);
    };
    while (!dealerTurnOf() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const names = receiver.spans.map((s) => `${s.service}:${s.name}`).join(', ');
    const turn = find('shop', 'colloquy.turn');
    expect(turn, names).toBeDefined();
    const children = receiver.spans.filter((s) => s.parentSpanId === turn!.spanId).map((s) => s.name);
    expect(children).toEqual(expect.arrayContaining(['colloquy.understand', 'colloquy.tool echo', 'colloquy.agent dealer']));
    expect(find('shop', 'colloquy.tool echo')!.attributes['colloquy.tool.name']).toBe('echo');
    // The dealer's turn, in the same trace, hangs below the orchestrator's agent span (the A2A request carried traceparent).
    const dealerTurn = dealerTurnOf();
    expect(dealerTurn, names).toBeDefined();
    expect(dealerTurn!.parentSpanId).toBe(find('shop', 'colloquy.agent dealer')!.spanId);
    expect(dealerTurn!.attributes['colloquy.channel']).toBe('a2a');
  });

  it("shows the tool step and the delegation in the inspector's turn details, and the A2A turn on the dealer", async () => {
    await say(shop.url, 'inspected-buyer', 'I want to reserve a car');
    const api = (url: string, path: string) => fetch(`${url}${path}?token=${API_TOKEN}&details=true`).then((r) => r.json());
    const { turns } = (await api(shop.url, '/conversations/inspected-buyer/inspection')) as { turns: { channel: string; steps: { phase: string; name?: string; depth: number }[] }[] };
    expect(turns).toHaveLength(1);
    expect(turns[0]!.channel).toBe('rest');
    expect(turns[0]!.steps.map((s) => `${s.phase} ${s.name ?? ''}`.trim())).toEqual(expect.arrayContaining(['understand', 'tool echo', 'agent dealer']));
    const a2aConversations = ((await api(dealer.url, '/conversations')) as { sender_id: string; latest_input_channel: string | null }[]).filter((c) => c.latest_input_channel === 'a2a');
    expect(a2aConversations.length).toBeGreaterThan(0);
    const dealerTurns = (await api(dealer.url, `/conversations/${encodeURIComponent(a2aConversations[0]!.sender_id)}/inspection`)) as { turns: { channel: string }[] };
    expect(dealerTurns.turns.map((t) => t.channel)).toContain('a2a');
  });
});
