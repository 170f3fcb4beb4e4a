/**
 * How big a conversation's state grows: the scripted 10-turn starter conversation run through the
 * real turn processor (offline generator, starter actions, production clock and frame ids).
 * DESIGN.md: ≤ 10 KB per idle conversation in the store.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createActionRunner } from '../../src/adapters/actions/create-action-runner.ts';
import { MemoryLockStore } from '../../src/adapters/stores/memory-lock-store.ts';
import { MemoryTrackerStore } from '../../src/adapters/stores/memory-tracker-store.ts';
import { packState } from '../../src/adapters/stores/state-codec.ts';
import { replay } from '../../src/core/engine/index.ts';
import { loadProject } from '../../src/project/index.ts';
import { TurnProcessor } from '../../src/runtime/turn-processor.ts';
import { createPipeline } from '../../src/understanding/pipeline.ts';
import { SCRIPT } from '../serving/scripted-conversation.ts';
import { STARTER } from '../e2e/run-cli.ts';

/** Plain JSON of the whole state, events included (46 KB before the event log was trimmed). */
const JSON_BUDGET_BYTES = 32 * 1024;
const STORE_GOAL_BYTES = 10 * 1024;

describe('conversation state size', () => {
  it('a 10-turn starter conversation stays within budget as JSON and within the store goal packed, and replays', async () => {
    const { assistant } = await loadProject(STARTER, { env: {} });
    if (!assistant) throw new Error('the starter project does not load');
    const generator = createPipeline(assistant, { llmClientFor: () => { throw new Error('offline only'); } });
    const trackers = new MemoryTrackerStore();
    const processor = new TurnProcessor({
      assistant: () => assistant,
      generator: () => generator,
      trackers,
      locks: new MemoryLockStore(),
      actions: await createActionRunner(assistant),
      logger: pino({ level: 'silent' }),
    });

    for (const turn of SCRIPT) {
      const result = await processor.handleMessage({ senderId: 'size', text: turn.message, channel: 'rest' });
      expect(result.messages.map((m) => m.text)).toEqual(turn.replies);
    }

    const state = (await processor.getState('size'))!;
    expect(JSON.stringify(state).length).toBeLessThanOrEqual(JSON_BUDGET_BYTES);
    expect(packState(state).length).toBeLessThanOrEqual(STORE_GOAL_BYTES);
    expect(replay(assistant, state.sender_id, state.events)).toEqual(state);
  });
});
