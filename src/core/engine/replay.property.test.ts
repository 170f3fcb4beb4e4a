import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioAssistant } from '../../../test/engine/scenario-fixtures.ts';
import type { AgentStatus } from '../agent-io.ts';
import type { Command } from '../commands.ts';
import { PATTERN } from '../patterns/pattern-ids.ts';
import type { DialogueStack } from '../stack.ts';
import type { ConversationState } from '../state.ts';
import type { Effect, EffectOutcome, Transition } from '../turn.ts';
import { replay } from './engine.ts';
import { runScript, testContext, type ScriptItem } from './testing.ts';

const a = scenarioAssistant();
const FLOWS = ['transfer_money', 'ask_amount', 'check_balance', 'open_ticket', 'premium_lounge', 'weather', 'book_trip', 'opening_hours', 'nope'];
const SLOTS = ['recipient', 'amount', 'confirmed', 'account_type', 'city', 'booking_ref', 'vip_code', 'unknown_slot', 'continue_conversation', 'continue_interrupted_flow_confirmation', 'interrupted_flow_to_continue', 'csat_score'];

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FLOWS).map((flow): Command => ({ command: 'start flow', flow })) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        name: fc.constantFrom(...SLOTS),
        value: fc.oneof(fc.constantFrom('Ann', 'true', 'false', 'savings', 'none', 'transfer_money', 'satisfied', null), fc.integer({ min: -5, max: 2000 }), fc.boolean()),
        extractor: fc.constantFrom(undefined, 'LLM', 'NLU', 'COMMAND_PAYLOAD_READER'),
      })
      .map(({ name, value, extractor }): Command => ({ command: 'set slot', name, value, ...(extractor ? { extractor } : {}) })),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Command>(
      { command: 'cancel flow' },
      { command: 'chitchat' },
      { command: 'knowledge' },
      { command: 'repeat' },
      { command: 'skip question' },
      { command: 'human handoff' },
      { command: 'cannot handle' },
      { command: 'cannot handle', reason: 'cannot_handle_no_relevant_answer' },
      { command: 'clarify', options: ['transfer_money', 'check_balance'] },
      { command: 'clarify', options: ['nope'] },
      { command: 'error', error_type: 'rasa_internal_error_user_input_too_long', info: { max_characters: 10 } },
      { command: 'restart' },
      { command: 'session start' },
      { command: 'handle code change' },
      { command: 'user silence' },
      { command: 'continue agent' },
      { command: 'restart agent', agent_id: 'trip_agent' },
      { command: 'correct slot', corrected_slots: [{ name: 'recipient', value: 'Bob' }] },
    ),
  },
);

/** An outcome for whatever effect the engine asked for, chosen by `pick` (0..1). */
function outcomeFor(effect: Effect, pick: number): EffectOutcome | undefined {
  switch (effect.type) {
    case 'listen':
      return undefined;
    case 'run_action':
      return pick < 0.8
        ? { type: 'action_done', name: effect.name, events: [{ event: 'slot', name: 'balance', value: 7, timestamp: 0 }], messages: [{ text: 'custom says hi' }] }
        : { type: 'action_failed', name: effect.name, error: 'boom' };
    case 'call_tool':
      return pick < 0.7 ? { type: 'tool_done', tool: effect.tool, slots: { weather: 'rain' } } : { type: 'tool_failed', tool: effect.tool, error: 'down' };
    case 'call_agent': {
      const statuses: AgentStatus[] = ['input_required', 'completed', 'fatal_error', 'recoverable_error'];
      const status = statuses[Math.floor(pick * statuses.length)]!;
      return { type: 'agent_done', agentId: effect.agentId, output: { id: effect.agentId, status, response_message: 'agent says', ...(status === 'completed' ? { slots: { booking_ref: 'B1' } } : {}) } };
    }
  }
}

/** The stack invariants every transition must keep. */
function expectWellFormed(stack: DialogueStack): void {
  expect(new Set(stack.map((f) => f.frame_id)).size).toBe(stack.length);
  stack.forEach((f, i) => {
    if (f.type === 'search') return;
    expect(a.flows[f.flow_id], `frame ${f.frame_id} runs a known flow`).toBeDefined();
    const below = stack.slice(0, i);
    if (f.type === 'agent' && !f.frame_id.startsWith('restart_agent_')) {
      // Rasa's RestartAgent pushes a lone agent frame; every other agent sits above its caller.
      expect(below.some((g) => g.type === 'flow' && g.flow_id === f.flow_id), `agent ${f.agent_id} above its calling flow`).toBe(true);
    }
    if (f.type === 'flow' && f.frame_type === 'call') expect(below.some((g) => g.type === 'flow'), 'a called flow sits above its caller').toBe(true);
    if (f.type === 'pattern' && f.flow_id === PATTERN.collectInformation) {
      const under = stack[i - 1];
      expect(under?.type === 'flow' || under?.type === 'pattern', 'collect information sits on a flow').toBe(true);
    }
  });
}

const turn = fc.record({
  commands: fc.array(command, { maxLength: 3 }),
  outcomes: fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 3, maxLength: 3 }),
});

describe('engine properties', () => {
  it('for any commands and effect outcomes: no exception, a well-formed stack after every transition, replay rebuilds the state', () => {
    fc.assert(
      fc.property(fc.array(turn, { maxLength: 10 }), (turns) => {
        const ctx = testContext();
        let state: ConversationState | undefined;
        const step = (item: ScriptItem): Transition => {
          const run = runScript(a, [item], state ? { state, ctx } : { ctx });
          state = run.state;
          expectWellFormed(state.stack);
          return run.transitions[0]!;
        };
        for (const t of turns) {
          let transition = step({ commands: t.commands, text: 'hi' });
          // Feed up to three effect outcomes; the engine must accept whichever comes back.
          for (const pick of t.outcomes) {
            const outcome = outcomeFor(transition.effect, pick);
            if (!outcome) break;
            transition = step({ outcome });
          }
        }
        if (!state) return;
        expect(replay(a, state.sender_id, state.events)).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });

  it('a session start at any point leaves an empty stack and replays', () => {
    fc.assert(
      fc.property(fc.array(fc.array(command, { maxLength: 2 }), { maxLength: 5 }), (turns) => {
        const ctx = testContext();
        const run = runScript(a, [...turns.map((commands) => ({ commands })), { session: { channel: 'web' } }], { ctx });
        expect(run.state.stack.filter((f) => f.type !== 'pattern' || f.flow_id !== PATTERN.sessionStart)).toEqual([]);
        expect(replay(a, run.state.sender_id, run.state.events)).toEqual(run.state);
      }),
      { numRuns: 60 },
    );
  });
});
