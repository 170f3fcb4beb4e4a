import { describe, expect, it } from 'vitest';
import { scenarioAssistant } from '../../../../test/engine/scenario-fixtures.ts';
import { expectReplayable, set, start } from '../../../../test/engine/script-helpers.ts';
import { lastEffect, runScript } from '../testing.ts';

const a = scenarioAssistant();

describe('step types', () => {
  it('collect asks, a call step runs the child flow, a branch picks the answer', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', '50'), set('confirmed', 'true')]);
    expect(run.texts).toEqual([['Who should receive it?'], ['How much?'], ['Send 50 to Ann?'], ['Sent 50 to Ann.', 'Is there anything else you need?']]);
    expect(run.state.slots.recipient).toBeNull(); // reset at flow end
    expect(run.state.slots.amount).toBeNull(); // called child's slot reset with its caller
    expect(run.events.filter((e) => e.event === 'flow_completed').map((e) => (e as { flow_id: string }).flow_id)).toContain('ask_amount');
    expectReplayable(a, run);
  });

  it('a collect whose slot is already filled is skipped', () => {
    const run = runScript(a, [{ commands: [{ command: 'start flow', flow: 'transfer_money' }, { command: 'set slot', name: 'recipient', value: 'Bo' }] }]);
    expect(run.texts[0]).toEqual(['How much?']);
  });

  it('rejection re-asks and clears the slot', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', 5000)]);
    expect(run.texts[2]).toEqual(['That is more than you may send.', 'How much?']);
    expect(run.state.slots.amount).toBeNull();
    expectReplayable(a, run);
  });

  it('a type rejection uses the per-type response', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', 'lots')]);
    expect(run.texts[2]![0]).toContain('`lots`');
    expect(run.state.slots.amount).toBeNull();
  });

  it('categorical values are coerced to their declared spelling', () => {
    const run = runScript(a, [start('check_balance'), set('account_type', 'savings')]);
    expect(run.state.slots.account_type).toBe('Savings');
    expect(lastEffect(run)).toEqual({ type: 'run_action', name: 'action_fetch_balance' });
  });

  it('custom actions run outside; their events and messages come back through resume', () => {
    const run = runScript(a, [
      start('check_balance'),
      set('account_type', 'Checking'),
      { outcome: { type: 'action_done', name: 'action_fetch_balance', events: [{ event: 'slot', name: 'balance', value: 12, timestamp: 0 }], messages: [] } },
    ]);
    expect(run.texts[2]).toEqual(['Your Checking balance is 12.', 'Is there anything else you need?']);
    expect(run.events.some((e) => e.event === 'action' && e.name === 'action_fetch_balance')).toBe(true);
    expectReplayable(a, run);
  });

  it('a failing custom action reports an internal error and the flow goes on', () => {
    const run = runScript(a, [start('check_balance'), set('account_type', 'Checking'), { outcome: { type: 'action_failed', name: 'action_fetch_balance', error: 'boom' } }]);
    expect(run.texts[2]![0]).toContain('something went wrong');
  });

  it('set_slots, persisted slots and link: the linked flow runs after the current one ends', () => {
    const run = runScript(a, [start('open_ticket')]);
    expect(run.texts[0]).toEqual(['Ticket T-1 opened.', 'Which account?']);
    expect(run.state.slots.last_ticket).toBe('T-1');
    expect(run.state.stack.map((f) => ('flow_id' in f ? f.flow_id : f.type))).toEqual(['check_balance', 'pattern_collect_information']);
    expectReplayable(a, run);
  });

  it('a tool step sends arguments from slots and maps results to slots', () => {
    const run = runScript(a, [start('weather'), set('city', 'Oslo')]);
    expect(lastEffect(run)).toMatchObject({ type: 'call_tool', tool: 'get_weather', mcpServer: 'weather_server', arguments: { location: 'Oslo' } });
    const done = runScript(a, [{ outcome: { type: 'tool_done', tool: 'get_weather', slots: { weather: 'sunny' } } }], { state: run.state });
    expect(done.texts[0]).toEqual(['Weather: sunny.', 'Is there anything else you need?']);
  });

  it('a failing tool reports an internal error and the flow continues', () => {
    const run = runScript(a, [start('weather'), set('city', 'Oslo'), { outcome: { type: 'tool_failed', tool: 'get_weather', error: 'down' } }]);
    expect(run.texts[2]![0]).toContain('something went wrong');
    expect(run.texts[2]![1]).toBe('Weather: {weather}.'.replace('{weather}', 'None'));
  });

  it('an agent step hands over the turn; input_required keeps it, completed returns to the flow', () => {
    const run = runScript(a, [start('book_trip')]);
    const effect = lastEffect(run);
    expect(effect).toMatchObject({ type: 'call_agent', agentId: 'trip_agent', exitIf: ['slots.booking_ref is not null'] });
    const asked = runScript(a, [{ outcome: { type: 'agent_done', agentId: 'trip_agent', output: { id: 'trip_agent', status: 'input_required', response_message: 'Where to?' } } }], { state: run.state });
    expect(asked.texts[0]).toEqual(['Where to?']);
    expect(asked.state.stack[asked.state.stack.length - 1]).toMatchObject({ type: 'agent', state: 'waiting_for_input' });
    const answered = runScript(a, [{ commands: [{ command: 'continue agent' }], text: 'Rome' }], { state: asked.state });
    expect(lastEffect(answered)).toMatchObject({ type: 'call_agent', input: { user_message: 'Rome' } });
    const done = runScript(a, [{ outcome: { type: 'agent_done', agentId: 'trip_agent', output: { id: 'trip_agent', status: 'completed', slots: { booking_ref: 'B1' }, response_message: 'Booked.' } } }], { state: answered.state });
    expect(done.texts[0]).toEqual(['Booked.', 'Is there anything else you need?']);
    expect(done.events.some((e) => e.event === 'agent_completed')).toBe(true);
    expectReplayable(a, done);
  });

  it('an agent fatal error cancels the agent and reports an internal error', () => {
    const run = runScript(a, [start('book_trip'), { outcome: { type: 'agent_done', agentId: 'trip_agent', output: { id: 'trip_agent', status: 'fatal_error', error_message: 'x' } } }]);
    expect(run.events.some((e) => e.event === 'agent_cancelled')).toBe(true);
    expect(run.texts[1]![0]).toContain('something went wrong');
  });
});
