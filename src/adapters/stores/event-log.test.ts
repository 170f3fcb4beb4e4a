import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/events.ts';
import { asStored, sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { CHUNK_EVENTS, type ConversationWrite, type EventLogBackend, EventLogTrackerStore } from './event-log.ts';
import { jsonText } from './state-codec.ts';

/** Storage in a Map that records what each save writes. */
function recordingBackend(): EventLogBackend<string> & { readonly writes: ConversationWrite<string>[] } {
  const heads = new Map<string, string>();
  const chunks = new Map<string, Map<number, string>>();
  const writes: ConversationWrite<string>[] = [];
  return {
    writes,
    async read(senderId, fromIndex) {
      const head = heads.get(senderId);
      if (head === undefined) return undefined;
      const own = [...(chunks.get(senderId) ?? new Map<number, string>())].filter(([first]) => first >= fromIndex).sort(([a], [b]) => a - b);
      return { head, chunks: own.map(([, data]) => data) };
    },
    async write(senderId, plan) {
      const write = plan(heads.get(senderId));
      writes.push(write);
      heads.set(senderId, write.head);
      if (write.replaceChunks) chunks.delete(senderId);
      const own = chunks.get(senderId) ?? new Map<number, string>();
      for (const chunk of write.chunks) own.set(chunk.first, chunk.data);
      chunks.set(senderId, own);
    },
    delete: async (senderId) => void (heads.delete(senderId), chunks.delete(senderId)),
    keys: async () => [...heads.keys()],
    close: async () => {},
  };
}

describe('event log', () => {
  it('writes a bounded amount per turn however long the conversation: the head and the open chunk', async () => {
    const backend = recordingBackend();
    const store = new EventLogTrackerStore(backend, jsonText);
    const full = sampleConversation('long', 1_000);
    for (let end = 4; end <= full.events.length; end += 6) {
      await store.load('long');
      await store.save({ ...full, events: full.events.slice(0, end) });
    }
    const writtenEvents = backend.writes.map((w) => w.chunks.reduce((n, c) => n + (JSON.parse(c.data) as Event[]).length, 0));
    expect(Math.max(...writtenEvents)).toBeLessThanOrEqual(CHUNK_EVENTS + 6);
    expect(backend.writes.every((w) => !w.replaceChunks || w === backend.writes[0])).toBe(true);
    const lastBytes = backend.writes.slice(-20).map((w) => w.head.length + w.chunks.reduce((n, c) => n + c.data.length, 0));
    expect(Math.max(...lastBytes)).toBeLessThan(JSON.stringify(full.events).length / 20);
    expect(await store.load('long')).toEqual(asStored(full));
  });
});
