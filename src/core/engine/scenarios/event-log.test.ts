/**
 * The shape of the event log: Rasa's events, but no more of them than replay, e2e assertions and
 * coverage need (one stack patch per action at most, step metadata only where it tells something).
 */
import { describe, expect, it } from 'vitest';
import { scenarioAssistant } from '../../../../test/engine/scenario-fixtures.ts';
import { eventsNamed, expectReplayable, say, set, start } from '../../../../test/engine/script-helpers.ts';
import type { Event } from '../../events.ts';
import type { Frame } from '../../stack.ts';
import { applyPatch, type PatchOp } from '../json-patch.ts';
import { runScript } from '../testing.ts';

const a = scenarioAssistant();

/** Every frame any `stack` event of the run puts on the stack. */
function framesWritten(events: readonly Event[]): Frame[] {
  let stack: readonly Frame[] = [];
  const seen: Frame[] = [];
  for (const e of events) {
    if (e.event === 'restart' || e.event === 'session_started') stack = [];
    if (e.event !== 'stack') continue;
    stack = applyPatch(stack, JSON.parse(e.update) as PatchOp[]);
    seen.push(...stack);
  }
  return seen;
}

describe('the event log', () => {
  it('writes at most one stack patch before each action, plus one when the transition ends', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', 50)]);
    for (const t of run.transitions) {
      const stacks = t.events.filter((e) => e.event === 'stack').length;
      const actions = t.events.filter((e) => e.event === 'action').length;
      expect(stacks).toBeLessThanOrEqual(actions + 1);
      t.events.forEach((e, i) => {
        if (e.event === 'stack' && i > 0) expect(t.events[i - 1]!.event, 'no two patches in a row').not.toBe('stack');
      });
    }
    expectReplayable(a, run);
  });

  it('a change of only the top frame’s step is not patched before an action: the action’s metadata names the step', () => {
    const run = runScript(a, [start('check_balance')]);
    const events = run.transitions[0]!.events;
    const ask = events.findIndex((e) => e.event === 'action' && e.name === 'utter_ask_account_type');
    expect(events[ask]!.metadata).toEqual({ active_flow: 'pattern_collect_information', step_id: 'ask_collect' });
    expect(events[ask - 1]!.event).not.toBe('stack');
    expectReplayable(a, run);
  });

  it('a pattern that starts and ends within one turn still shows in a stack patch (Rasa e2e `pattern_clarification_contains`)', () => {
    const run = runScript(a, [say({ command: 'clarify', options: ['transfer_money', 'check_balance'] })]);
    expect(run.state.stack.some((f) => 'flow_id' in f && f.flow_id === 'pattern_clarification')).toBe(false);
    expect(framesWritten(run.events).some((f) => f.type === 'pattern' && f.flow_id === 'pattern_clarification' && (f.context.names as string[]).includes('check balance'))).toBe(true);
  });

  it('step metadata sits on actions, bot messages and slots; flow events and patches name their flow themselves', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann')]);
    const action = eventsNamed(run, 'action').find((e) => e.name === 'utter_ask_amount')!;
    expect(action).toEqual({ event: 'action', name: 'utter_ask_amount', timestamp: action.timestamp, metadata: { active_flow: 'pattern_collect_information', step_id: 'ask_collect' } });
    expect(eventsNamed(run, 'bot')[0]!.metadata).toMatchObject({ active_flow: 'pattern_collect_information', step_id: 'ask_collect', utter_action: 'utter_ask_recipient' });
    for (const e of run.events) if (e.event === 'stack' || e.event.startsWith('flow_')) expect(e.metadata, `${e.event} without metadata`).toBeUndefined();
  });

  it('a flow ending resets every collect slot of the flow, set or not, as Rasa', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), say({ command: 'cancel flow' })]);
    const resets = run.transitions[2]!.events.filter((e) => e.event === 'slot' && e.metadata?.reset === true);
    expect(resets.map((e) => e.event === 'slot' && [e.name, e.value])).toEqual([
      ['recipient', null],
      ['amount', null],
      ['confirmed', null],
    ]);
    expect(run.state.slots.recipient).toBeNull();
    expectReplayable(a, run);
  });

  it('a stack patch returned by a custom action is applied once and the engine goes on from it', () => {
    const started = runScript(a, [start('check_balance'), set('account_type', 'Savings')]);
    const handoff = { type: 'pattern', frame_id: 'from-action', flow_id: 'pattern_human_handoff', step_id: 'START', context: {} };
    const patch: Event = { event: 'stack', update: JSON.stringify([{ op: 'add', path: `/${started.state.stack.length}`, value: handoff }]), timestamp: 0 };
    const run = runScript(a, [{ outcome: { type: 'action_done', name: 'action_fetch_balance', events: [patch], messages: [] } }], { state: started.state });
    expect(run.texts[0]![0]).toBe("I can't connect you to a person right now. Is there something else I can do for you?");
    expect(run.texts[0]).toContain('Your Savings balance is None.');
    expectReplayable(a, run);
  });
});
