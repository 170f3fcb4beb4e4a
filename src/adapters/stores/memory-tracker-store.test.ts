import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../core/state.ts';
import { describeTrackerStoreContract } from '../../../test/contracts/tracker-store.contract.ts';
import { sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { MemoryTrackerStore } from './memory-tracker-store.ts';

describeTrackerStoreContract('memory', async () => ({
  open: async () => new MemoryTrackerStore(),
  persistent: false,
  dispose: async () => {},
}));

describe('MemoryTrackerStore freezing', () => {
  const isDeeplyFrozen = (value: unknown): boolean =>
    value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen));

  it('freezes what each save adds to the event log it holds', async () => {
    const store = new MemoryTrackerStore();
    let state: ConversationState = sampleConversation('grow', 1);
    for (let turn = 0; turn < 6; turn++) {
      await store.save(state);
      const loaded = (await store.load('grow')) as ConversationState;
      expect(isDeeplyFrozen(loaded)).toBe(true);
      expect(loaded.events.length).toBe(sampleConversation('grow', 1).events.length + 2 * turn);
      const added = [
        { event: 'user' as const, text: `turn ${turn}`, parse_data: { commands: [] }, timestamp: turn },
        { event: 'bot' as const, text: 'ok', data: {}, metadata: { step: turn }, timestamp: turn },
      ];
      state = { ...loaded, events: [...loaded.events, ...added] };
    }
    const last = (await store.load('grow')) as ConversationState;
    expect(() => ((last.events.at(-1) as unknown as { metadata: Record<string, unknown> }).metadata['step'] = 99)).toThrow(TypeError);
  });
});
