import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InspectionLog } from '../../src/adapters/inspection/inspection-log.ts';
import { composeRuntime, type ComposedRuntime } from '../../src/cli/compose-runtime.ts';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { inspectorPlugin } from '../../src/server/inspector-route.ts';

const STARTER = fileURLToPath(new URL('../../examples/starter/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'inspector-test-token';
const JWT_SECRET = 'inspector-jwt-secret';
/** Where the walkthrough leaves its screenshot, for a person to look at. */
const SCREENSHOT = join(tmpdir(), 'colloquy-inspector.png');

let runtime: ComposedRuntime;
let server: ColloquyServer;
let baseUrl: string;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const logger = pino({ level: 'silent' });
  const inspection = new InspectionLog();
  runtime = await composeRuntime({ project: STARTER }, { logger, stores: 'memory', inspection });
  server = await createServer({
    runtime: runtime.processor,
    model: runtime.current(),
    port: 0,
    host: '127.0.0.1',
    enableApi: true,
    authToken: TOKEN,
    jwtSecret: JWT_SECRET,
    channels: [{ name: 'rest', options: {} }],
    logger,
    extraPlugins: [inspectorPlugin],
    inspection,
  });
  baseUrl = await server.listen();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await runtime?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // CSP violations and failed requests show up as console errors.
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterEach(async () => {
  await page.close();
});

async function openInspector(query = `?token=${TOKEN}`): Promise<void> {
  await page.goto(`${baseUrl}/inspect${query}`);
  await page.locator('#conversation-id').filter({ hasText: /^inspect-/ }).waitFor();
}

async function say(text: string): Promise<void> {
  const bots = await page.locator('#messages .message.bot:not(.pending)').count();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await waitForBotMessages(bots + 1);
}

async function waitForBotMessages(count: number): Promise<void> {
  await page.locator('#messages .message.bot:not(.pending)').nth(count - 1).waitFor();
  await page.locator('#messages .pending').waitFor({ state: 'detached' });
}

async function waitForText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 5000 });
}

describe('the inspector page', () => {
  it('chats with the starter assistant and shows the stack, slots, commands and events live', async () => {
    await openInspector();
    // Slots show their initial values before the first message.
    await waitForText(page.locator('#slots tr[data-slot="recipient"]'), 'null');

    await say('I want to send money');
    await waitForText(page.locator('#messages .message.bot'), 'Who would you like to send money to?');
    await waitForText(page.locator('#stack'), 'pattern_collect_information');
    const frames = await page.locator('#stack .frame strong').allTextContents();
    expect(frames).toEqual(['pattern_collect_information', 'transfer_money']); // top first
    await waitForText(page.locator('#stack .frame').first(), 'context.collect');
    await waitForText(page.locator('#commands'), /start flow\s+transfer_money/);

    await say('John');
    const recipient = page.locator('#slots tr[data-slot="recipient"]');
    await waitForText(recipient, '"John"');
    expect(await recipient.getAttribute('class')).toContain('changed');
    await waitForText(page.locator('#commands'), /set slot\s+recipient = "John"/);

    await say('50');
    await waitForText(page.locator('#messages .message.bot').last(), 'Please confirm: send $50');
    const bots = await page.locator('#messages .message.bot').count();
    await page.locator('#messages .message.bot').last().getByRole('button', { name: 'Yes' }).click();
    await waitForBotMessages(bots + 1);
    await waitForText(page.locator('#messages .message.user').last(), /^Yes$/);
    await waitForText(page.locator('#messages .message.bot'), 'Done! $50 is on its way to John.');
    await waitForText(page.locator('#commands'), /set slot\s+confirm_transfer = true \(COMMAND_PAYLOAD_READER\)/);
    // The flow ended: its slots were reset (and so changed this turn), and pattern_completed asks for more.
    expect(await page.locator('#slots tr[data-slot="confirm_transfer"]').getAttribute('class')).toContain('changed');
    expect(await page.locator('#stack .frame strong').allTextContents()).toEqual(['pattern_collect_information', 'pattern_completed']);

    // The event log filters by type and by text.
    await page.getByLabel('Type').selectOption('user');
    expect(await page.locator('#events .event-type').allTextContents()).toEqual(['user', 'user', 'user', 'user']);
    await page.getByLabel('Type').selectOption('');
    await page.getByLabel('Filter').fill('flow_completed');
    await waitForText(page.locator('#events'), 'transfer_money');
    expect(new Set(await page.locator('#events .event-type').allTextContents())).toEqual(new Set(['flow_completed']));
    await page.getByLabel('Filter').fill('');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });

  it('shows message text as text, never as HTML', async () => {
    await openInspector();
    const attack = "<img src=x onerror='window.__injected = true'>";
    await say(attack);
    await say('I want to send money');
    await say(`<b>${attack}</b>`);
    // The text shows literally in the chat, in the bot's reply that echoes the slot, in the slot pane and in the event log.
    expect(await page.locator('#messages .message.user .text').first().textContent()).toBe(attack);
    await waitForText(page.locator('#messages .message.bot'), `How much would you like to send to <b>${attack}</b>?`);
    await waitForText(page.locator('#slots tr[data-slot="recipient"]'), `<b>${attack}</b>`);
    await waitForText(page.locator('#events'), attack);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('shows agent frames with their state, and what the LLM saw and cost', async () => {
    // A tracker the starter cannot produce (a sub-agent, an LLM generator), served in place of the API's.
    const agentFrame = { type: 'agent', frame_id: 'f1', agent_id: 'shopping_agent', flow_id: 'buy_shoes', step_id: 'call_agent', state: 'waiting_for_input', metadata: { context_id: 'ctx-1' } };
    const flowFrame = { type: 'flow', frame_id: 'f0', flow_id: 'buy_shoes', step_id: 'call_agent', frame_type: 'regular' };
    const llm = { model: 'gpt-test', latency_ms: 42, input_tokens: 900, output_tokens: 12 };
    const latest = { text: 'buy shoes', intent: {}, entities: [], commands: [{ command: 'start flow', flow: 'buy_shoes' }], flows_in_prompt: ['buy_shoes', 'check_balance'], llm };
    const tracker = { sender_id: 'x', slots: {}, latest_message: latest, stack: [flowFrame, agentFrame], events: [{ event: 'user', text: 'buy shoes', parse_data: latest, timestamp: 1 }] };
    await page.route('**/conversations/*/tracker?**', (route) => route.fulfill({ json: tracker }));
    await openInspector();

    const top = page.locator('#stack .frame').first();
    await waitForText(top, 'shopping_agent');
    expect(await top.locator('dl').first().textContent()).toBe('stepcall_agentstatewaiting_for_inputcalled bybuy_shoes · call_agent');
    await waitForText(top, 'agent metadata');
    await waitForText(page.locator('#commands'), 'buy_shoes, check_balance');
    await waitForText(page.locator('#commands'), 'gpt-test · 42 ms · 900 in / 12 out tokens');
  });

  it('starts a new conversation with empty panes', async () => {
    await openInspector();
    const first = await page.locator('#conversation-id').textContent();
    await say('I want to send money');
    await page.getByRole('button', { name: 'New conversation' }).click();
    await waitForText(page.locator('#stack'), 'The stack is empty.');
    expect(await page.locator('#conversation-id').textContent()).not.toBe(first);
    expect(await page.locator('#messages li').count()).toBe(0);
    await waitForText(page.locator('#events'), 'No events yet.');
  });

  it('draws the active flow and highlights the current step after each turn of a transfer with a correction', async () => {
    await openInspector();
    const current = page.locator('#diagram .node-current');
    const expectCurrent = async (step: string) => {
      await page.locator(`#diagram .node-current[data-step="${step}"]`).waitFor({ timeout: 5000 });
      expect(await current.count()).toBe(1);
    };
    await say('I want to send money');
    await waitForText(page.locator('#diagram-flow'), 'transfer_money');
    await expectCurrent('transfer_money_0_collect_recipient');
    await say('John');
    await expectCurrent('transfer_money_1_collect_amount');
    await say('50');
    await expectCurrent('transfer_money_2_collect_confirm_transfer');
    await say('no wait, make it 60');
    await waitForText(page.locator('#messages .message.bot').last(), 'send $60');
    await expectCurrent('transfer_money_2_collect_confirm_transfer');
    // The path taken: both earlier collect steps are marked as visited.
    for (const step of ['transfer_money_0_collect_recipient', 'transfer_money_1_collect_amount']) {
      expect(await page.locator(`#diagram [data-step="${step}"]`).getAttribute('class')).toContain('node-visited');
    }
    // Any flow, patterns included, can be drawn on request.
    await page.getByLabel('Show').selectOption('pattern_correction');
    await waitForText(page.locator('#diagram-flow'), 'pattern_correction');
    expect(await page.locator('#diagram .node').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(tmpdir(), 'colloquy-inspector-diagram.png') });
    expect(pageErrors).toEqual([]);
  });

  it('opens a conversation held over REST from the picker and follows it live', async () => {
    const sender = `rest-${Date.now()}`;
    const rest = (message: string) => fetch(`${baseUrl}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender, message }) });
    await rest('I want to send money');
    await openInspector();
    await page.getByLabel('Open conversation').focus();
    const option = page.locator(`#conversation-list option[value="${sender}"]`);
    await option.waitFor({ state: 'attached', timeout: 5000 });
    expect(await option.getAttribute('label')).toMatch(/^rest · /);
    await page.getByLabel('Open conversation').fill(sender);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await waitForText(page.locator('#conversation-id'), sender);
    await waitForText(page.locator('#messages .message.bot'), 'Who would you like to send money to?');
    // A turn over REST, not from the page, shows up by itself.
    await rest('Maria');
    await waitForText(page.locator('#messages .message.bot').last(), 'How much would you like to send to Maria?');
    await waitForText(page.locator('#slots tr[data-slot="recipient"]'), '"Maria"');
    expect(pageErrors).toEqual([]);
  });

  it('shows the slots and stack of an earlier turn when it is clicked, read-only, and returns to live', async () => {
    await openInspector();
    await say('I want to send money');
    await say('John');
    await say('50');
    await page.locator('#turns .turn').nth(1).click();
    await waitForText(page.locator('#time-travel'), 'turn 2 of 3');
    await waitForText(page.locator('#slots tr[data-slot="recipient"]'), '"John"');
    await waitForText(page.locator('#slots tr[data-slot="amount"]'), 'null');
    await page.locator('#diagram .node-current[data-step="transfer_money_1_collect_amount"]').waitFor();
    expect(await page.locator('#stack .frame strong').allTextContents()).toEqual(['pattern_collect_information', 'transfer_money']);
    expect(await page.locator('#messages .message.bot button:not([disabled])').count()).toBe(0);
    await page.screenshot({ path: join(tmpdir(), 'colloquy-inspector-time-travel.png') });
    await page.getByRole('button', { name: 'Back to live' }).click();
    await waitForText(page.locator('#slots tr[data-slot="amount"]'), '50');
    expect(await page.locator('#time-travel').isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('uses a JWT signed with --jwt-secret as a bearer token', async () => {
    const jwt = await new SignJWT({ user: { username: 'inspector', role: 'admin' } }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JWT_SECRET));
    await openInspector('');
    await page.getByLabel('API token or JWT').fill(jwt);
    await page.getByRole('button', { name: 'Use' }).click();
    await say('I want to send money');
    await waitForText(page.locator('#stack'), 'transfer_money');
    await waitForText(page.locator('#diagram-flow'), 'transfer_money');
  });

  it('loads a 1,000-turn conversation quickly and stays responsive', async () => {
    const turns = 1000;
    const stackOps = (step: string) => JSON.stringify([{ op: 'replace', path: '/0/step_id', value: step }]);
    const events = [{ event: 'stack', update: JSON.stringify([{ op: 'add', path: '/0', value: { type: 'flow', frame_id: 'f', flow_id: 'transfer_money', step_id: 'transfer_money_0_collect_recipient', frame_type: 'regular' } }]), timestamp: 1 }];
    for (let turn = 0; turn < turns; turn++) {
      const at = 2 + turn;
      events.push(
        { event: 'user', text: `message ${turn}`, parse_data: { text: `message ${turn}`, commands: [] }, timestamp: at } as never,
        ...Array.from({ length: 4 }, (_, i) => ({ event: 'slot', name: 'recipient', value: `name ${turn}.${i}`, timestamp: at }) as never),
        { event: 'action', name: 'utter_ask_amount', timestamp: at } as never,
        { event: 'bot', text: `answer ${turn}`, timestamp: at } as never,
        { event: 'stack', update: stackOps(turn % 2 ? 'transfer_money_1_collect_amount' : 'transfer_money_0_collect_recipient'), timestamp: at },
        ...Array.from({ length: 3 }, () => ({ event: 'action', name: 'action_run_slot_rejections', timestamp: at }) as never),
        { event: 'action', name: 'action_listen', timestamp: at } as never,
      );
    }
    const stack = [{ type: 'flow', frame_id: 'f', flow_id: 'transfer_money', step_id: 'transfer_money_1_collect_amount', frame_type: 'regular' }];
    const tracker = { sender_id: 'long', slots: { recipient: 'name 999.3' }, latest_message: { text: 'message 999', commands: [] }, stack, events };
    await page.route('**/conversations/*/tracker?**', (route) => route.fulfill({ json: tracker }));
    const started = Date.now();
    await openInspector();
    await page.locator('#turns .turn').nth(turns - 1).waitFor();
    const loadMs = Date.now() - started;
    const click = Date.now();
    await page.locator('#turns .turn').nth(500).click();
    await waitForText(page.locator('#slots tr[data-slot="recipient"]'), '"name 500.3"');
    const clickMs = Date.now() - click;
    // Generous for a loaded 2-core machine; a quadratic render takes tens of seconds here.
    expect(loadMs, 'load').toBeLessThan(6_000);
    expect(clickMs, 'time travel').toBeLessThan(3_000);
    expect(await page.locator('#events .event').count()).toBeLessThanOrEqual(501);
    expect(pageErrors).toEqual([]);
  });

  it("shows each turn's understanding and actions with their times, for the latest or a clicked turn", async () => {
    await openInspector();
    await say('I want to send money to John');
    await say('50');
    await say('yes');
    const details = page.locator('#turn-details');
    await waitForText(details, 'action_execute_transfer');
    await waitForText(details.locator('.step-understand'), /understand\s+\d/);
    await waitForText(details.locator('.turn-head'), /^rest · [\d.]+ ms · ok$/);
    await waitForText(details.locator('.generators'), 'Understood by OfflineCommandGenerator');
    await page.locator('#turns .turn').first().click();
    await waitForText(page.locator('#turn-details-hint'), 'I want to send money to John');
    expect(await details.textContent()).not.toContain('action_execute_transfer');
    expect(pageErrors).toEqual([]);
  });

  it('shows agent iterations, tool calls and LLM calls with prompt, completion and tokens', async () => {
    const user = { event: 'user', text: 'find running shoes', parse_data: { text: 'find running shoes', commands: [] }, timestamp: 1 };
    const tracker = { sender_id: 'x', slots: {}, latest_message: user.parse_data, stack: [], events: [user, { event: 'bot', text: 'Here are two pairs.', timestamp: 1 }] };
    const turns = [
      {
        startedAt: 1,
        channel: 'a2a',
        durationMs: 812.5,
        outcome: 'ok',
        events: [0, 1],
        steps: [
          { phase: 'understand', depth: 1, offsetMs: 0, durationMs: 120, outcome: 'ok' },
          { phase: 'agent', name: 'shopping_agent', depth: 1, offsetMs: 130, durationMs: 650, outcome: 'ok' },
          { phase: 'tool', name: 'search_products', depth: 2, offsetMs: 300, durationMs: 40, outcome: 'error' },
        ],
        llmCalls: [{ model: 'gpt-test', prompt: '[system]\nYou are a shopping assistant.', completion: 'StartFlow(buy_shoes)', latencyMs: 95, inputTokens: 812, outputTokens: 9 }],
      },
    ];
    await page.route('**/conversations/*/tracker?**', (route) => route.fulfill({ json: tracker }));
    await page.route('**/conversations/*/inspection**', (route) => route.fulfill({ json: { command_generators: ['CompactLLMCommandGenerator'], turns } }));
    await openInspector();
    const details = page.locator('#turn-details');
    await waitForText(details.locator('.turn-head'), 'a2a · 812.5 ms · ok');
    await waitForText(details.locator('.step-agent'), 'shopping_agent');
    await waitForText(details.locator('.step-tool.depth-2'), /search_products\s+40 ms · failed/);
    await waitForText(details.locator('.llm-call'), 'gpt-test · 95 ms · 812 in / 9 out tokens');
    await details.getByText('prompt').click();
    await waitForText(details.locator('pre'), 'You are a shopping assistant.');
    await waitForText(details.locator('.generators'), 'Understood by CompactLLMCommandGenerator');
    await page.screenshot({ path: join(tmpdir(), 'colloquy-inspector-turn-details.png') });
    expect(pageErrors).toEqual([]);
  });

  it('tells how to pass the token when the HTTP API refuses it', async () => {
    await openInspector('');
    await waitForText(page.locator('#status'), 'open it with ?token=');
    expect(pageErrors.filter((error) => !error.includes('401'))).toEqual([]);
  });
});
