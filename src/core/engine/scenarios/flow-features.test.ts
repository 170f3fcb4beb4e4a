/**
 * Flow-level features: links, nested calls, slot scoping, the circuit breaker, response variations.
 */
import { describe, expect, it } from 'vitest';
import { assistantFromYaml } from '../../../../test/engine/project-fixture.ts';
import { scenarioAssistant } from '../../../../test/engine/scenario-fixtures.ts';
import { eventsNamed, expectReplayable, flowIdsOf, flowsOnStack, say, set, start } from '../../../../test/engine/script-helpers.ts';
import type { Assistant } from '../../assistant.ts';
import type { Flow, Step } from '../../flows.ts';
import { lastEffect, runScript, testContext } from '../testing.ts';

const ANYTHING_ELSE = 'Is there anything else you need?';
const INTERNAL_ERROR = 'Sorry, something went wrong on my side. Please try again in a little while.';

/** The same assistant with one flow replaced: for models the loader would reject (runtime guards). */
function withFlow(assistant: Assistant, flow: Flow): Assistant {
  return { ...assistant, flows: { ...assistant.flows, [flow.id]: flow } };
}

const forms = assistantFromYaml({
  domain: `slots:
  name: { type: text }
  email: { type: text }
  plan: { type: text }
  street: { type: text }
  zip: { type: text }
  tier: { type: text }
  confirmed: { type: bool }
responses:
  utter_ask_name: [ { text: "Your name?" } ]
  utter_ask_email: [ { text: "Your email?" } ]
  utter_ask_plan: [ { text: "Which plan?" } ]
  utter_ask_street: [ { text: "Street?" } ]
  utter_ask_zip: [ { text: "Zip?" } ]
  utter_ask_confirmed: [ { text: "Ship {plan} to {street} {zip}?" } ]
  utter_escalating: [ { text: "Let me find someone." } ]
  utter_greet:
    - text: "Hello again, {name}!"
      condition: slots.name is not null
    - text: "Hi on the phone."
      channel: voice
    - text: "Hello!"
    - text: "Hey!"
  utter_tier:
    - text: "Gold member."
      condition: slots.tier = "gold"
      channel: web
    - text: "Member."
`,
  flows: `flows:
  signup:
    description: sign up
    steps:
      - collect: name
        reset_after_flow_ends: false
      - collect: email
        ask_before_filling: true
      - set_slots:
          - tier: basic
  quiet_signup:
    description: sign up without the closing question
    run_pattern_completed: false
    steps:
      - collect: plan
  escalate:
    description: talk to a human
    steps:
      - action: utter_escalating
      - link: pattern_human_handoff
  subscribe:
    description: subscribe with an address
    steps:
      - collect: plan
      - call: address
      - collect: confirmed
  address:
    if: false
    description: ask the address
    steps:
      - collect: street
      - call: postal_code
  postal_code:
    if: false
    description: ask the zip
    steps:
      - collect: zip
  greet:
    description: greet
    steps:
      - action: utter_greet
  tier_info:
    description: tier
    steps:
      - action: utter_tier
`,
});

describe('slot scoping at flow end', () => {
  it('reset_after_flow_ends: false keeps the value; other collected and set slots reset', () => {
    const run = runScript(forms, [start('signup'), set('name', 'Ann'), set('email', 'a@b.c')]);
    expect(run.state.slots).toMatchObject({ name: 'Ann', email: null, tier: null });
    expect(eventsNamed(run, 'slot').filter((e) => e.metadata?.reset === true).map((e) => e.name).sort()).toEqual(['email', 'tier']);
    expectReplayable(forms, run);
  });

  it('ask_before_filling asks even when the slot already has a value (and clears it first)', () => {
    const run = runScript(forms, [say({ command: 'start flow', flow: 'signup' }, { command: 'set slot', name: 'name', value: 'Ann' }), set('email', 'x@y.z')]);
    expect(run.texts[0]).toEqual(['Your email?']);
    const prefilled = runScript(forms, [say({ command: 'start flow', flow: 'signup' }, { command: 'set slot', name: 'name', value: 'Ann' }, { command: 'set slot', name: 'email', value: 'early@y.z' })]);
    expect(prefilled.texts[0]).toEqual(['Your email?']);
    expect(prefilled.state.slots.email).toBeNull();
  });

  it('persisted_slots survive flow end; set_slots slots not listed reset', () => {
    const a = scenarioAssistant();
    const run = runScript(a, [start('open_ticket'), set('account_type', 'Savings')]);
    expect(run.state.slots.last_ticket).toBe('T-1');
  });

  it('run_pattern_completed: false ends silently', () => {
    const run = runScript(forms, [start('quiet_signup'), set('plan', 'pro')]);
    expect(run.texts[1]).toEqual([]);
    expect(run.state.stack).toEqual([]);
    expect(flowIdsOf(run, 'flow_started')).not.toContain('pattern_completed');
  });
});

describe('link and call', () => {
  it('a link to pattern_human_handoff runs the handoff after the flow', () => {
    const run = runScript(forms, [start('escalate')]);
    expect(run.texts[0]).toEqual(['Let me find someone.', "I can't connect you to a person right now. Is there something else I can do for you?"]);
    expect(flowIdsOf(run, 'flow_completed')).toEqual(['escalate', 'pattern_human_handoff']);
  });

  it('nested calls: a grandchild slot correction rewinds the parent to that collect', () => {
    const run = runScript(forms, [start('subscribe'), set('plan', 'pro'), set('street', 'Main 1'), set('zip', '111'), set('zip', '222')]);
    expect(run.texts[3]).toEqual(['Ship pro to Main 1 111?']);
    expect(run.texts[4]).toEqual(["Got it, I've updated that.", 'Ship pro to Main 1 222?']);
    expect(flowsOnStack(run)).toEqual(['subscribe', 'pattern_collect_information']);
    expectReplayable(forms, run);
  });

  it('nested calls: cancelling in the grandchild cancels the whole chain and resets every slot', () => {
    const run = runScript(forms, [start('subscribe'), set('plan', 'pro'), set('street', 'Main 1'), say({ command: 'cancel flow' })]);
    expect(run.texts[3]![0]).toBe("All right, I've stopped subscribe.");
    expect(run.state.stack.some((f) => f.type === 'flow')).toBe(false);
    expect(run.state.slots).toMatchObject({ plan: null, street: null });
  });

  it('child slots can be filled ahead while the parent runs', () => {
    const run = runScript(forms, [start('subscribe'), say({ command: 'set slot', name: 'plan', value: 'pro' }, { command: 'set slot', name: 'street', value: 'Main 1' })]);
    expect(run.texts[1]).toEqual(['Zip?']);
  });

  it('a link step inside a called child is not followed at runtime: the child returns to its caller', () => {
    const child = forms.flows.postal_code!;
    const linking: Flow = {
      ...child,
      steps: [{ ...(child.steps[0] as Step), next: 'postal_code_link' }, { id: 'postal_code_link', kind: 'link', link: 'greet', next: 'END' }],
    };
    const a = withFlow(forms, linking);
    const run = runScript(a, [start('subscribe'), set('plan', 'pro'), set('street', 'Main 1'), set('zip', '1')]);
    expect(run.texts[3]).toEqual(['Ship pro to Main 1 1?']);
    expect(flowIdsOf(run, 'flow_started')).not.toContain('greet');
  });
});

describe('tools', () => {
  it('a tool failure reports an internal error, then the flow continues with the next step', () => {
    const a = scenarioAssistant();
    const run = runScript(a, [start('weather'), set('city', 'Oslo'), { outcome: { type: 'tool_failed', tool: 'get_weather', error: 'down' } }]);
    expect(run.texts[2]).toEqual([INTERNAL_ERROR, 'Weather: None.', ANYTHING_ELSE]);
    expect(flowIdsOf(run, 'flow_completed')).toEqual(expect.arrayContaining(['pattern_internal_error', 'weather']));
  });
});

describe('circuit breaker', () => {
  it('more than 250 steps in one advancement stops the flow with an internal error', () => {
    const loop: Flow = {
      ...forms.flows.greet!,
      id: 'spin',
      steps: [
        { id: 'a', kind: 'noop', next: 'b' },
        { id: 'b', kind: 'noop', next: 'a' },
      ],
    };
    const a = withFlow(forms, loop);
    const run = runScript(a, [start('spin')]);
    expect(run.texts[0]).toEqual([INTERNAL_ERROR]);
    expect(run.state.stack).toEqual([]);
    expect(lastEffect(run)).toEqual({ type: 'listen' });
  });

  it('a next pointing to a missing step is recovered the same way', () => {
    const broken: Flow = { ...forms.flows.greet!, id: 'broken', steps: [{ id: 'a', kind: 'noop', next: 'nowhere' }] };
    const run = runScript(withFlow(forms, broken), [start('broken')]);
    expect(run.texts[0]).toEqual([INTERNAL_ERROR]);
  });
});

describe('response variations', () => {
  it('a matching condition wins over unconditional variations', () => {
    const run = runScript(forms, [start('signup'), set('name', 'Ann'), set('email', 'a@b.c'), start('greet')]);
    expect(run.texts[3]![0]).toBe('Hello again, Ann!');
  });

  it('the channel’s variation wins over generic ones; the random source picks among equals', () => {
    expect(runScript(forms, [start('greet')], { ctx: testContext({ channel: 'voice' }) }).texts[0]![0]).toBe('Hi on the phone.');
    expect(runScript(forms, [start('greet')], { ctx: testContext({ random: () => 0 }) }).texts[0]![0]).toBe('Hello!');
    expect(runScript(forms, [start('greet')], { ctx: testContext({ random: () => 0.99 }) }).texts[0]![0]).toBe('Hey!');
  });

  it('a conditional channel variation needs both the channel and the condition', () => {
    const gold = runScript(forms, [say({ command: 'start flow', flow: 'tier_info' })], { ctx: testContext({ channel: 'web' }), state: { ...runScript(forms, []).state, slots: { ...runScript(forms, []).state.slots, tier: 'gold' } } });
    expect(gold.texts[0]![0]).toBe('Gold member.');
    expect(runScript(forms, [start('tier_info')], { ctx: testContext({ channel: 'web' }) }).texts[0]![0]).toBe('Member.');
  });
});
