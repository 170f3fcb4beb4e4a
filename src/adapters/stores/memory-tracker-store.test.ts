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

// The same contract when every conversation has gone idle (packed) before it is read.
describeTrackerStoreContract('memory, packed when idle', async () => ({
  open: async () => {
    const store = new MemoryTrackerStore({ idleMs: 0 });
    const load = store.load.bind(store);
    store.load = (senderId) => {
      store.packIdle();
      return load(senderId);
    };
    return store;
  },
  persistent: false,
  dispose: async () => {},
}));

describe('MemoryTrackerStore freezing', () => {
  const isDeeplyFrozen = (value: unknown): boolean =>
    value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen));

  it('freezes what each save adds to the event log it holds', async () => {
    const store = new MemoryTrackerStore({ freeze: true });
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

  it('freezes by default under tests; without freezing it keeps the very state saved', async () => {
    const frozen = new MemoryTrackerStore();
    await frozen.save(sampleConversation('a', 1));
    expect(Object.isFrozen(await frozen.load('a'))).toBe(true);
    const shared = new MemoryTrackerStore({ freeze: false });
    const state = sampleConversation('b', 1);
    await shared.save(state);
    expect(await shared.load('b')).toBe(state);
    expect(Object.isFrozen(state)).toBe(false);
    await frozen.close();
    await shared.close();
  });
});

describe('MemoryTrackerStore idle conversations', () => {
  const idleMs = 60_000;

  it('packs a conversation not saved for idleMs and gives it back whole and frozen', async () => {
    let now = 0;
    const store = new MemoryTrackerStore({ idleMs, now: () => now });
    const idle = sampleConversation('idle', 10);
    await store.save(idle);
    now = idleMs - 1;
    const busy = sampleConversation('busy', 2);
    await store.save(busy);
    now = idleMs;
    store.packIdle();
    // In use: the very object saved; idle: a copy read back from its packed form.
    expect(await store.load('busy')).toBe(busy);
    const loaded = (await store.load('idle')) as ConversationState;
    expect(loaded).not.toBe(idle);
    expect(loaded).toEqual(JSON.parse(JSON.stringify(idle)));
    expect(Object.isFrozen(loaded.events.at(-1))).toBe(true);
    expect((await store.keys()).sort()).toEqual(['busy', 'idle']);
    await store.close();
  });

  it('continues a packed conversation, and deletes a packed one', async () => {
    let now = 0;
    const store = new MemoryTrackerStore({ idleMs, now: () => now });
    await store.save(sampleConversation('again', 3));
    await store.save(sampleConversation('gone', 3));
    now = idleMs;
    store.packIdle();
    const loaded = (await store.load('again')) as ConversationState;
    const next = { ...loaded, events: [...loaded.events, { event: 'user' as const, text: 'back', parse_data: { commands: [] }, timestamp: now }] };
    await store.save(next);
    expect(await store.load('again')).toBe(next);
    await store.delete('gone');
    expect(await store.load('gone')).toBeUndefined();
    expect(await store.keys()).toEqual(['again']);
    await store.close();
  });
});
