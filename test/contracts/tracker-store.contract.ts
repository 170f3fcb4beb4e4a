/**
 * The behaviour every TrackerStore must have. Each implementation runs it from its own test file:
 * `describeTrackerStoreContract('redis', () => fixture)`.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { appended } from '../../src/core/engine/apply-event.ts';
import type { ConversationState } from '../../src/core/state.ts';
import { trackerToJson } from '../../src/ports/tracker-json.ts';
import type { TrackerStore } from '../../src/ports/tracker-store.ts';
import { asStored, sampleConversation } from './sample-conversation.ts';
import { useStoreFixture } from './store-fixture.ts';

/** Fresh, isolated storage for one test (a file, key prefix or table). */
export interface TrackerStoreFixture {
  /** Opens a store on this fixture's storage; with `persistent`, a new store sees what an earlier one saved. */
  open(): Promise<TrackerStore>;
  readonly persistent: boolean;
  /** Removes the storage. Stores opened by the suite are closed before. */
  dispose(): Promise<void>;
}

export function describeTrackerStoreContract(name: string, makeFixture: () => Promise<TrackerStoreFixture>): void {
  describe(`TrackerStore contract: ${name}`, () => {
    const { open, fixture, close } = useStoreFixture<TrackerStore, TrackerStoreFixture>(makeFixture);

    it('loads exactly what it saved: unicode, nested values, the stack and the events', async () => {
      const store = await open();
      const state = sampleConversation('user-ünïcødé-😀');
      await store.save(state);
      expect(await store.load(state.sender_id)).toEqual(asStored(state));
    });

    it('returns undefined for an unknown conversation', async () => {
      const store = await open();
      expect(await store.load('nobody')).toBeUndefined();
    });

    it('does not let callers change what it stored, slots or events', async () => {
      const store = await open();
      const state = sampleConversation('c1', 40);
      await store.save(state);
      await store.load('c1');
      const loaded = (await store.load('c1')) as ConversationState;
      // A store may hand out a copy or a frozen object: either way the write must not reach it.
      const attempt = (write: () => void): void => {
        try {
          write();
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      };
      attempt(() => ((loaded.slots as Record<string, unknown>)['amount'] = 1));
      attempt(() => ((loaded.events[0] as { timestamp: number }).timestamp = 1));
      attempt(() => ((loaded.events[150] as { text?: string }).text = 'changed'));
      attempt(() => (loaded.events as unknown[]).push({ event: 'restart' }));
      expect(await store.load('c1')).toEqual(asStored(state));
    });

    it('deletes a conversation, and deleting an unknown one is harmless', async () => {
      const store = await open();
      await store.save(sampleConversation('a'));
      await store.save(sampleConversation('b'));
      await store.delete('a');
      await store.delete('never-existed');
      expect(await store.load('a')).toBeUndefined();
      expect(await store.keys()).toEqual(['b']);
    });

    it('lists the ids of stored conversations, including ids with glob and path characters', async () => {
      const store = await open();
      const ids = ['alice', 'bob', 'user:42/é*?[x]\\'];
      for (const id of ids) await store.save(sampleConversation(id, 1));
      expect((await store.keys()).sort()).toEqual([...ids].sort());
    });

    it('overwrites a conversation on save', async () => {
      const store = await open();
      await store.save(sampleConversation('c1', 2));
      const later = { ...sampleConversation('c1', 5), slots: { amount: 99 }, paused: true };
      await store.save(later);
      expect(await store.load('c1')).toEqual(asStored(later));
      expect(await store.keys()).toEqual(['c1']);
    });

    it('keeps concurrent saves of different conversations apart', async () => {
      const store = await open();
      const states = Array.from({ length: 50 }, (_, i) => ({ ...sampleConversation(`conv-${i}`, 1 + (i % 4)), slots: { n: i } }));
      await Promise.all(states.map((state) => store.save(state)));
      const loaded = await Promise.all(states.map((state) => store.load(state.sender_id)));
      expect(loaded).toEqual(states.map(asStored));
      expect(await store.keys()).toHaveLength(50);
    });

    it('keeps every event of a 1,000-turn conversation saved turn by turn, and the live state whole', async () => {
      const store = await open();
      const state = sampleConversation('long', 1_000);
      const { events } = state;
      // One save per turn, as the turn processor does: each state continues the one saved before.
      for (let end = 3; end < events.length; end += 6) await store.save({ ...state, events: events.slice(0, end) });
      await store.save(state);
      const loaded = (await store.load('long')) as ConversationState;
      expect(loaded.events).toHaveLength(events.length);
      expect(loaded).toEqual(asStored(state));
    }, 180_000);

    it('continues a long conversation loaded by a store that never saw it, and serves its whole history', async () => {
      const full = sampleConversation('long', 300);
      // A round number of events, and the whole conversation (whatever chunks a store keeps them in).
      for (const length of [1_800, full.events.length]) {
        const senderId = `long-${length}`;
        const expected = { ...full, sender_id: senderId, events: full.events.slice(0, length) };
        const writer = await open();
        await writer.save({ ...expected, events: expected.events.slice(0, -6) });
        const store = fixture().persistent ? await open() : writer;
        const loaded = (await store.load(senderId)) as ConversationState;
        // The last turn as the engine adds it: its events appended to the loaded log.
        await store.save({ ...loaded, events: appended(loaded.events, expected.events.slice(-6)) });
        const reloaded = (await (fixture().persistent ? await open() : store).load(senderId)) as ConversationState;
        expect(reloaded.events).toHaveLength(length);
        expect(reloaded.events.slice(-6)).toEqual(asStored(expected).events.slice(-6));
        // What the tracker API and action servers are given: every event.
        expect(JSON.parse(JSON.stringify(trackerToJson(reloaded, 'ALL').events))).toEqual(asStored(expected).events);
        expect(reloaded).toEqual(asStored(expected));
      }
    }, 60_000);

    it('replaces the stored history when a save does not continue it, and continues from there', async () => {
      const store = await open();
      await store.save(sampleConversation('c1', 40));
      expect(await store.load('c1')).toEqual(asStored(sampleConversation('c1', 40)));
      const other = sampleConversation('c1', 3, 1_800_000_000);
      await store.save(other);
      expect(await store.load('c1')).toEqual(asStored(other));
      const shorter = { ...other, events: other.events.slice(0, 5) };
      await store.save(shorter);
      expect(await store.load('c1')).toEqual(asStored(shorter));
      const longer = sampleConversation('c1', 30, 1_800_000_000);
      await store.save(longer);
      expect(await store.load('c1')).toEqual(asStored(longer));
    });

    it('refuses a state of an unknown version instead of misreading it', async () => {
      const store = await open();
      await store.save({ ...sampleConversation('future', 1), version: 2 as 1 });
      await expect(store.load('future')).rejects.toThrow(/state version 2/);
    });

    it('shows a store the history another store on the same storage replaced or continued since it last loaded it', async (context) => {
      if (!fixture().persistent) context.skip('in-memory stores keep nothing between instances by design');
      const [writer, reader] = [await open(), await open()];
      await writer.save(sampleConversation('shared', 40));
      expect(await reader.load('shared')).toEqual(asStored(sampleConversation('shared', 40)));
      const continued = sampleConversation('shared', 60);
      await writer.save(continued);
      expect(await reader.load('shared')).toEqual(asStored(continued));
      const replaced = sampleConversation('shared', 50, 1_800_000_000);
      await writer.save(replaced);
      expect(await reader.load('shared')).toEqual(asStored(replaced));
    });

    it('lets a new store on the same storage load what another one saved', async (context) => {
      if (!fixture().persistent) context.skip('in-memory stores keep nothing between instances by design');
      const writer = await open();
      const state = sampleConversation('durable');
      await writer.save(state);
      const reader = await open();
      expect(await reader.load('durable')).toEqual(asStored(state));
      await close(writer);
      const afterClose = await open();
      expect(await afterClose.keys()).toEqual(['durable']);
    });
  });
}
