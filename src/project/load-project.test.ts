import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPatternsText } from './default-patterns.ts';
import { formatDiagnostic } from './format-diagnostic.ts';
import { loadProject, loadProjectFromFiles } from './load-project.ts';

const starter = fileURLToPath(new URL('../../examples/starter/', import.meta.url));
const config = 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n';

describe('starter project', () => {
  it('loads with no diagnostics and merges the default patterns', async () => {
    const { assistant, diagnostics } = await loadProject(starter, { env: {} });
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(Object.keys(assistant!.flows)).toEqual(expect.arrayContaining(['transfer_money', 'check_balance', 'add_contact', 'list_contacts', 'pattern_completed']));
    expect(assistant!.domain.slots.amount!.mappings).toEqual([{ type: 'from_llm' }]);
    expect(assistant!.flows.check_balance!.nluTriggers).toEqual([{ intent: 'check_balance', confidenceThreshold: 0.8 }]);
    expect(assistant!.nlu.find((n) => n.intent === 'check_balance')?.examples).toContain('what is my balance');
    expect(assistant!.endpoints.actionEndpoint).toEqual({ actionsModule: 'actions' });
    expect(assistant!.channels.map((c) => c.name)).toEqual(['rest', 'socketio']);
    expect(Object.isFrozen(assistant!.flows)).toBe(true);
  });

  it('flattens inline branches into generated ids and resolves every next', async () => {
    const { assistant } = await loadProject(starter, { env: {} });
    const steps = assistant!.flows.transfer_money!.steps;
    expect(steps.map((s) => [s.id, s.next])).toEqual([
      ['transfer_money_0_collect_recipient', 'transfer_money_1_collect_amount'],
      ['transfer_money_1_collect_amount', 'transfer_money_2_collect_confirm_transfer'],
      [
        'transfer_money_2_collect_confirm_transfer',
        [{ if: 'slots.confirm_transfer', then: 'transfer_money_3_action_action_execute_transfer' }, { else: 'transfer_money_6_action_utter_transfer_cancelled' }],
      ],
      [
        'transfer_money_3_action_action_execute_transfer',
        [{ if: 'slots.transfer_successful', then: 'transfer_money_4_action_utter_transfer_complete' }, { else: 'transfer_money_5_action_utter_transfer_failed' }],
      ],
      ['transfer_money_4_action_utter_transfer_complete', 'END'],
      ['transfer_money_5_action_utter_transfer_failed', 'END'],
      ['transfer_money_6_action_utter_transfer_cancelled', 'END'],
    ]);
    expect(steps[1]).toMatchObject({ kind: 'collect', utter: 'utter_ask_amount', rejections: [{ if: 'slots.amount <= 0', utter: 'utter_amount_not_positive' }], resetAfterFlowEnds: true });
    expect(steps[0]!.source).toEqual({ file: 'data/flows/transfer_money.yml', line: 6, column: 9 });
  });
});

describe('real-world layouts', () => {
  const files = {
    'config.yml': `${config}  - name: CompactLLMCommandGenerator\n    llm:\n      model_group: main\n`,
    'domain/core/slots.yml': 'slots:\n  stock:\n    type: text\n  quantity:\n    type: float\n  status:\n    type: text\n    mappings:\n      - type: controlled\n  vip:\n    type: bool\n    initial_value: false\n  chosen:\n    type: text\n',
    'domain/core/session.yml': 'session_config:\n  session_expiration_time: 0\n',
    'domain/responses/asks.yml':
      'responses:\n  utter_ask_stock:\n    - text: Which stock?\n  utter_ask_quantity:\n    - text: How many?\n  utter_ask_chosen:\n    - text: Which one?\n  utter_vip:\n    - text: Hello VIP\n      condition: slots.vip = true\n    - text: Hello\n',
    'data/flows/buy.yml': `flows:
  buy:
    description: Buy a stock.
    if: slots.vip is not null
    persisted_slots: [stock]
    nlu_trigger:
      - intent: buy_stock
    steps:
      - collect: stock
      - collect: quantity
        next:
          - if: slots.quantity > 100
            then:
              - set_slots:
                  - status: big
                next: place
          - else: place
      - id: place
        call: place_order
        mcp_server: trade
        mapping:
          input:
            - param: ticker
              slot: stock
          output:
            - slot: status
              value: result.structuredContent.status
      - noop: true
        next:
          - if: slots.status = "ok"
            then: END
          - else: research
      - id: research
        call: stock_explorer
        exit_if:
          - slots.chosen is not null
`,
    'data/flows/greet.yml': 'flows:\n  greet:\n    description: Greet.\n    steps:\n      - action: utter_vip\n      - call: buy\n',
    'data/nlu/buy.yml': 'nlu:\n  - intent: buy_stock\n    examples: |\n      - buy [Apple](stock) shares\n      - I want stocks\n  - synonym: AAPL\n    examples: |\n      - apple\n  - lookup: stock\n    examples: |\n      - MSFT\n  - regex: stock\n    examples: |\n      - \\b[A-Z]{3,4}\\b\n',
    'endpoints.yml':
      'model_groups:\n  - id: main\n    models:\n      - provider: openai\n        model: gpt-4.1\n        api_key: ${OPENAI_API_KEY}\nmcp_servers:\n  - name: trade\n    url: ${TRADE_URL:-http://localhost:8080/mcp}\n    type: http\n    token: ${TRADE_TOKEN}\n',
    'sub_agents/stock_explorer/config.yml':
      'agent:\n  name: stock_explorer\n  description: Researches stocks.\nconfiguration:\n  llm:\n    model_group: main\nconnections:\n  mcp_servers:\n    - name: trade\n      include_tools: [find_symbol]\n',
  };
  const env = { OPENAI_API_KEY: 'sk-test', TRADE_TOKEN: 'tok' };

  it('loads a project spread over folders with every step kind', () => {
    const { assistant, diagnostics } = loadProjectFromFiles(files, '/p', { env });
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    const buy = assistant!.flows.buy!;
    expect(buy.guard).toBe('slots.vip is not null');
    expect(buy.persistedSlots).toEqual(['stock']);
    expect(buy.steps.map((s) => s.kind)).toEqual(['collect', 'collect', 'set_slots', 'call_tool', 'noop', 'call_agent']);
    expect(buy.steps[2]).toMatchObject({ id: 'buy_2_set_slots', slots: [{ name: 'status', value: 'big' }], next: 'place' });
    expect(buy.steps[3]).toMatchObject({ mcpServer: 'trade', mapping: { input: [{ param: 'ticker', slot: 'stock' }], output: [{ slot: 'status', value: 'result.structuredContent.status' }] } });
    expect(buy.steps[5]).toMatchObject({ kind: 'call_agent', call: 'stock_explorer', exitIf: ['slots.chosen is not null'] });
    expect(assistant!.flows.greet!.steps[1]).toMatchObject({ kind: 'call_flow', call: 'buy' });
    expect(assistant!.domain.session).toEqual({ sessionExpirationTime: 0, carryOverSlotsToNewSession: true, startSessionAfterExpiry: false });
    expect(assistant!.nlu).toEqual([{ intent: 'buy_stock', examples: ['buy [Apple](stock) shares', 'I want stocks'] }]);
    expect(assistant!.synonyms).toEqual([{ value: 'AAPL', synonyms: ['apple'] }]);
    expect(assistant!.lookups).toEqual([{ name: 'stock', values: ['MSFT'] }]);
    expect(assistant!.regexes).toEqual([{ name: 'stock', values: ['\\b[A-Z]{3,4}\\b'] }]);
    expect(assistant!.subAgents.stock_explorer).toMatchObject({ protocol: 'RASA', dir: 'sub_agents/stock_explorer', mcpServers: [{ name: 'trade', includeTools: ['find_symbol'] }] });
  });

  it('interpolates ${ENV} and ${ENV:-default}', () => {
    const { assistant } = loadProjectFromFiles(files, '/p', { env });
    expect(assistant!.endpoints.mcpServers[0]).toMatchObject({ url: 'http://localhost:8080/mcp', auth: { type: 'token', token: 'tok' } });
    expect(assistant!.endpoints.modelGroups[0]!.models[0]).toMatchObject({ provider: 'openai', model: 'gpt-4.1', apiKey: 'sk-test' });
    const custom = loadProjectFromFiles(files, '/p', { env: { ...env, TRADE_URL: 'http://trade:9000/mcp' } });
    expect(custom.assistant!.endpoints.mcpServers[0]!.url).toBe('http://trade:9000/mcp');
  });

  it('reports a missing environment variable by name', () => {
    const { assistant, diagnostics } = loadProjectFromFiles(files, '/p', { env: { TRADE_TOKEN: 'tok' } });
    expect(assistant).toBeUndefined();
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      "endpoints.yml:6:18 error model_groups[0].models[0].api_key: environment variable 'OPENAI_API_KEY' is not set. Fix: set it (export OPENAI_API_KEY=...) before running, or give a default: ${OPENAI_API_KEY:-value}.",
    ]);
  });
});

describe('project files', () => {
  const minimal = {
    'config.yml': config,
    'domain.yml': 'slots:\n  amount:\n    type: float\nresponses:\n  utter_ask_amount:\n    - text: How much?\n',
    'data/flows.yml': 'flows:\n  pay:\n    description: Pay.\n    steps:\n      - collect: amount\n',
  };

  it('warns about unknown keys and still builds the assistant', () => {
    const { assistant, diagnostics } = loadProjectFromFiles({ ...minimal, 'domain.yml': `${minimal['domain.yml']}  utter_x:\n    - txt: hi\n      text: hi\n` });
    expect(assistant).toBeDefined();
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual(["domain.yml:8:7 warning responses.utter_x[0].txt: unknown key 'txt' (ignored). Fix: did you mean 'text'?"]);
  });

  it('lets project flows, responses and slots override the defaults', () => {
    const { assistant } = loadProjectFromFiles({
      ...minimal,
      'domain.yml': `${minimal['domain.yml']}  utter_can_do_something_else:\n    - text: Anything else?\n`,
      'data/patterns.yml': 'flows:\n  pattern_chitchat:\n    description: Chitchat.\n    steps:\n      - action: utter_ask_amount\n',
    });
    expect(assistant!.flows.pattern_chitchat!.steps).toHaveLength(1);
    expect(assistant!.flows.pattern_chitchat!.source?.file).toBe('data/patterns.yml');
    expect(assistant!.domain.responses.utter_can_do_something_else).toEqual([{ text: 'Anything else?' }]);
    expect(assistant!.domain.slots.continue_conversation?.builtin).toBe(true);
    expect(assistant!.domain.slots.amount?.builtin).toBeUndefined();
  });

  it('knows the system intents in an overridden pattern and warns about other unknown trigger intents', () => {
    const { diagnostics } = loadProjectFromFiles({
      ...minimal,
      'data/patterns.yml': 'flows:\n  pattern_session_start:\n    description: Start.\n    nlu_trigger:\n      - intent: session_start\n    steps:\n      - action: utter_ask_amount\n',
      'data/more.yml': 'flows:\n  greet:\n    description: Greet.\n    nlu_trigger:\n      - intent: hello\n    steps:\n      - action: utter_ask_amount\n',
    });
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([expect.stringMatching(/^data\/more\.yml:5:17 warning .*intent 'hello' has no NLU examples/)]);
  });

  it('gives flows a stable fingerprint that follows their definition', () => {
    const a = loadProjectFromFiles(minimal).assistant!;
    const b = loadProjectFromFiles({ ...minimal, 'data/flows.yml': `# comment\n${minimal['data/flows.yml']}` }).assistant!;
    const c = loadProjectFromFiles({ ...minimal, 'data/flows.yml': minimal['data/flows.yml'].replace('Pay.', 'Pay money.') }).assistant!;
    expect(a.flows.pay!.fingerprint).toBe(b.flows.pay!.fingerprint);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.flows.pay!.fingerprint).not.toBe(a.fingerprint);
  });

  it('reports a command generator timezone that is not an IANA name', () => {
    const files = { ...minimal, 'config.yml': 'recipe: default.v1\nassistant_id: t\npipeline:\n  - name: CompactLLMCommandGenerator\n    timezone: Mars/Olympus\n' };
    const { diagnostics } = loadProjectFromFiles(files);
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([
      "config.yml:5:15 error pipeline[0].timezone: 'Mars/Olympus' is not an IANA time zone name. Fix: use a name like 'UTC', 'Europe/Berlin' or 'America/New_York'.",
    ]);
    const fine = loadProjectFromFiles({ ...files, 'config.yml': files['config.yml'].replace('Mars/Olympus', 'Europe/Berlin') });
    expect(fine.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reports a missing config.yml', () => {
    const { diagnostics } = loadProjectFromFiles({ 'domain.yml': minimal['domain.yml'] });
    expect(formatDiagnostic(diagnostics[0]!)).toBe('config.yml:1:1 error config.yml is missing. Fix: create config.yml (run "colloquy init" for a starter project).');
  });

  it('the default patterns pass validation as project flows', () => {
    const text = defaultPatternsText();
    const { diagnostics } = loadProjectFromFiles({ 'config.yml': config, 'domain.yml': text, 'data/patterns.yml': text }, '/p');
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
  });
});

describe('link steps', () => {
  it('a link step may be followed by steps that other branches reach by id, as in Rasa', () => {
    const { assistant, diagnostics } = loadProjectFromFiles({
      'config.yml': config,
      'domain.yml': 'slots:\n  choice: { type: text }\nresponses:\n  utter_ask_choice: [ { text: "Which?" } ]\n  utter_a: [ { text: "A" } ]\n',
      'data/flows.yml': [
        'flows:',
        '  menu:',
        '    description: pick a follow-up',
        '    steps:',
        '      - collect: choice',
        '        next:',
        '          - if: slots.choice == "a"',
        '            then: go_a',
        '          - else: go_b',
        '      - id: go_a',
        '        link: flow_a',
        '      - id: go_b',
        '        link: flow_b',
        '  flow_a:',
        '    description: a',
        '    steps:',
        '      - action: utter_a',
        '  flow_b:',
        '    description: b',
        '    steps:',
        '      - action: utter_a',
      ].join('\n'),
    });
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d))).toEqual([]);
    expect(assistant!.flows.menu!.steps.map((s) => [s.id, s.next])).toEqual([
      ['menu_0_collect_choice', [{ if: 'slots.choice == "a"', then: 'go_a' }, { else: 'go_b' }]],
      ['go_a', 'END'],
      ['go_b', 'END'],
    ]);
  });
});

describe('slot persistence and initial values, as Rasa checks them', () => {
  const domain = [
    'slots:',
    '  parcel: { type: text }',
    '  courier: { type: text }',
    'responses:',
    '  utter_ask_parcel: [ { text: "Which parcel?" } ]',
    '  utter_ask_courier: [ { text: "Which courier?" } ]',
    '  utter_sent: [ { text: "Sent." } ]',
  ].join('\n');
  const flows = (pickStep: string): string =>
    [
      'flows:',
      '  ship_parcel:',
      '    description: ship a parcel',
      '    persisted_slots: [parcel, courier]',
      '    steps:',
      '      - call: pick_parcel',
      '      - collect: courier',
      '        reset_after_flow_ends: true',
      '      - action: utter_sent',
      '  pick_parcel:',
      '    description: choose one parcel',
      '    if: False',
      '    steps:',
      `      - ${pickStep}`,
    ].join('\n');
  const errors = (files: Record<string, string>): string[] =>
    loadProjectFromFiles({ 'config.yml': config, ...files }).diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));

  it('a persisted slot may be collected by a called flow, and reset_after_flow_ends: true beside persisted_slots is allowed', () => {
    expect(errors({ 'domain.yml': domain, 'data/flows.yml': flows('collect: parcel') })).toEqual([]);
  });

  it('a flow without a name is called by its id in words, as Rasa names it', () => {
    const { assistant } = loadProjectFromFiles({ 'config.yml': config, 'domain.yml': domain, 'data/flows.yml': flows('collect: parcel').replace('choose one parcel', 'choose one parcel\n    name: parcel picker') });
    expect(assistant!.flows.ship_parcel!.name).toBe('ship parcel');
    expect(assistant!.flows.pick_parcel!.name).toBe('parcel picker');
  });

  it('reset_after_flow_ends: false in a called flow conflicts with the caller persisting slots', () => {
    expect(errors({ 'domain.yml': domain, 'data/flows.yml': flows('collect: parcel\n        reset_after_flow_ends: false') })).toEqual([
      "data/flows.yml:15:9 error flows.pick_parcel.steps[0].reset_after_flow_ends: step 'pick_parcel_0_collect_parcel' sets 'reset_after_flow_ends: false' but flow 'ship_parcel' uses 'persisted_slots'. Fix: use one mechanism: remove 'reset_after_flow_ends' and list the slot in 'persisted_slots'.",
    ]);
  });

  it('a persisted slot that neither the flow nor a flow it calls fills is an error', () => {
    expect(errors({ 'domain.yml': domain, 'data/flows.yml': flows('action: utter_sent') })).toEqual([
      "data/flows.yml:4:23 error flows.ship_parcel.persisted_slots[0]: persisted slot 'parcel' is not collected or set by a step of flow 'ship_parcel' or of a flow it calls. Fix: list only slots this flow (or a flow it calls) fills with collect or set_slots steps.",
    ]);
  });

  it('an initial value of another type is kept with a warning, except on a float slot', () => {
    const files = { 'data/flows.yml': 'flows:\n  ship:\n    description: ship\n    steps:\n      - action: utter_sent\n' };
    const typed = (type: string, value: string): ReturnType<typeof loadProjectFromFiles> =>
      loadProjectFromFiles({ 'config.yml': config, ...files, 'domain.yml': `slots:\n  ref:\n    type: ${type}\n    initial_value: ${value}\nresponses:\n  utter_sent: [ { text: "Sent." } ]\n` });
    const text = typed('text', '4711');
    expect(text.assistant!.domain.slots.ref!.initialValue).toBe(4711);
    expect(text.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      "domain.yml:4:20 warning slots.ref.initial_value: initial value 4711 of slot 'ref' does not fit its type 'text'; it is kept as written, as Rasa does. Fix: use a text value, or remove 'initial_value'.",
    ]);
    expect(typed('float', 'many').assistant).toBeUndefined();
  });
});
