import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioAssistant } from '../../../test/engine/scenario-fixtures.ts';
import type { Command } from '../commands.ts';
import { replay } from './engine.ts';
import { runScript, testContext } from './testing.ts';
import type { ConversationState } from '../state.ts';

const a = scenarioAssistant();

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom('transfer_money', 'check_balance', 'open_ticket', 'premium_lounge', 'nope').map((flow) => ({ command: 'start flow' as const, flow })),
  fc.record({ name: fc.constantFrom('recipient', 'amount', 'confirmed', 'account_type', 'continue_conversation', 'continue_interrupted_flow_confirmation'), value: fc.oneof(fc.constantFrom('Ann', 'true', 'false', 'savings'), fc.integer({ min: 0, max: 2000 })) }).map(
    ({ name, value }) => ({ command: 'set slot' as const, name, value }),
  ),
  fc.constantFrom<Command>({ command: 'cancel flow' }, { command: 'chitchat' }, { command: 'repeat' }, { command: 'skip question' }, { command: 'cannot handle' }, { command: 'clarify', options: ['transfer_money', 'check_balance'] }),
);

describe('engine properties', () => {
  it('for any command sequence: no exception, well-formed stack, replay rebuilds the state', () => {
    fc.assert(
      fc.property(fc.array(fc.array(command, { maxLength: 3 }), { maxLength: 8 }), (turns) => {
        const ctx = testContext();
        let state: ConversationState | undefined;
        for (const commands of turns) {
          const run = runScript(a, [{ commands }], state ? { state, ctx } : { ctx });
          state = run.state;
          const effect = run.transitions[0]!.effect;
          if (effect.type === 'run_action') state = runScript(a, [{ outcome: { type: 'action_done', name: effect.name, events: [], messages: [] } }], { state, ctx }).state;
        }
        if (!state) return;
        expect(new Set(state.stack.map((f) => f.frame_id)).size).toBe(state.stack.length);
        expect(replay(a, state.sender_id, state.events)).toEqual(state);
      }),
      { numRuns: 150 },
    );
  });
});
