/**
 * `call: <agent>` orchestration: interruption and resumption, restart, cancel mid-agent.
 */
import { describe, expect, it } from 'vitest';
import { scenarioAssistant } from '../../../../test/engine/scenario-fixtures.ts';
import { actionDone, agentDone, eventsNamed, expectReplayable, flowsOnStack, say, set, start } from '../../../../test/engine/script-helpers.ts';
import { lastEffect, runScript } from '../testing.ts';

const a = scenarioAssistant();
const asked = [start('book_trip'), agentDone('trip_agent', { status: 'input_required', response_message: 'Where to?', metadata: { context_id: 'c1' } })];

describe('sub-agent orchestration', () => {
  it('interrupt → resume → continue: a digression interrupts the agent, "yes" resumes it with its last question', () => {
    const run = runScript(a, [
      ...asked,
      start('check_balance'),
      set('account_type', 'Savings'),
      actionDone('action_fetch_balance', { balance: 3 }),
      set('continue_interrupted_flow_confirmation', true),
      say({ command: 'continue agent' }),
    ]);
    expect(eventsNamed(run, 'agent_interrupted').map((e) => e.agent_id)).toEqual(['trip_agent']);
    expect(run.texts[4]).toEqual(['Your Savings balance is 3.', 'Shall we pick up book trip again?']);
    expect(run.texts[5]).toEqual(['Where to?']);
    expect(eventsNamed(run, 'agent_resumed').map((e) => e.agent_id)).toContain('trip_agent');
    expect(lastEffect(run)).toMatchObject({ type: 'call_agent', agentId: 'trip_agent', input: { metadata: { context_id: 'c1', agent_response: 'Where to?' } } });
    expectReplayable(a, run);
  });

  it('the agent receives the conversation so far and the latest user text', () => {
    const run = runScript(a, [...asked, { commands: [{ command: 'continue agent' }], text: 'Rome please' }]);
    const effect = lastEffect(run);
    expect(effect?.type).toBe('call_agent');
    if (effect?.type !== 'call_agent') return;
    expect(effect.input.user_message).toBe('Rome please');
    expect(effect.input.conversation_history).toBe('AI: Where to?\nUSER: Rome please');
    expect(effect.input.slots.map((s) => s.name)).toContain('booking_ref');
  });

  it('restart agent re-runs a completed agent at its call step with the exit_if slots cleared', () => {
    const run = runScript(a, [
      ...asked,
      say({ command: 'continue agent' }),
      agentDone('trip_agent', { status: 'completed', slots: { booking_ref: 'B1' } }),
      set('continue_conversation', true),
      say({ command: 'restart agent', agent_id: 'trip_agent' }),
    ]);
    expect(run.texts[3]).toEqual(['Is there anything else you need?']);
    expect(flowsOnStack(run)).toEqual(['agent:trip_agent']);
    expect(run.state.stack[0]).toMatchObject({ frame_id: 'restart_agent_trip_agent', flow_id: 'book_trip', state: 'waiting_for_input' });
    expect(lastEffect(run)).toMatchObject({ type: 'call_agent', agentId: 'trip_agent' });
    expect(run.state.slots.booking_ref).toBeNull();
    expectReplayable(a, run);
  });

  it('cancel mid-agent removes the agent frame, reports agent_cancelled and stops the flow', () => {
    const run = runScript(a, [...asked, say({ command: 'cancel flow' })]);
    expect(run.texts[2]![0]).toBe("All right, I've stopped book trip.");
    expect(eventsNamed(run, 'agent_cancelled').map((e) => e.agent_id)).toEqual(['trip_agent']);
    expect(run.state.stack.some((f) => f.type === 'agent')).toBe(false);
    expectReplayable(a, run);
  });

  it('clarification while an agent holds the conversation interrupts it; the agent’s question follows, as a collect would', () => {
    const run = runScript(a, [...asked, say({ command: 'clarify', options: ['transfer_money', 'check_balance'] }), start('check_balance')]);
    // Interrupted by the clarification, resumed, then interrupted again by the chosen flow.
    expect(eventsNamed(run, 'agent_interrupted')).toHaveLength(2);
    expect(eventsNamed(run, 'agent_resumed')).toHaveLength(1);
    expect(run.texts[2]).toEqual(["I'd like to help. Did you want to transfer money or check balance?", 'Where to?']);
    expect(run.texts[3]).toEqual(['Which account?']);
    expect(flowsOnStack(run)).toEqual(['book_trip', 'agent:trip_agent', 'check_balance', 'pattern_collect_information']);
  });

  it('a recoverable error that reaches the engine ends the agent like a fatal one', () => {
    const run = runScript(a, [start('book_trip'), agentDone('trip_agent', { status: 'recoverable_error', error_message: 'timeout' })]);
    expect(eventsNamed(run, 'agent_cancelled')[0]).toMatchObject({ agent_id: 'trip_agent', reason: 'timeout' });
    expect(run.texts[1]![0]).toContain('something went wrong');
  });

  it('the agent’s structured results and protocol metadata are kept on its frame between turns', () => {
    const run = runScript(a, [start('book_trip'), agentDone('trip_agent', { status: 'input_required', response_message: 'Dates?', structured_results: [{ name: 'search', result: 1 }], metadata: { task_id: 't9' } })]);
    expect(run.state.stack.at(-1)).toMatchObject({ type: 'agent', metadata: { task_id: 't9', agent_response: 'Dates?', structured_results: [{ name: 'search', result: 1 }] } });
  });
});
