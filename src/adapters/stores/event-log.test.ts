import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/events.ts';
import { asStored, sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { CHUNK_EVENTS, type ConversationWrite, type EventLogBackend, EventLogTrackerStore } from './event-log.ts';
import { jsonText, type ValueCodec } from './state-codec.ts';

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

  it('decodes only the last chunk on a load, the older ones once read, and then serves them from its cache', async () => {
    const backend = recordingBackend();
    const full = sampleConversation('long', 100);
    await new EventLogTrackerStore(backend, jsonText).save(full);
    let decodedEvents = 0;
    const counting: ValueCodec<string> = {
      encode: jsonText.encode,
      decode(stored) {
        const value = jsonText.decode(stored);
        if (Array.isArray(value)) decodedEvents += value.length;
        return value;
      },
    };
    const store = new EventLogTrackerStore(backend, counting);
    const loaded = (await store.load('long'))!;
    const recent = full.events.length % CHUNK_EVENTS;
    expect(loaded.events.length).toBe(full.events.length);
    expect(loaded.events.slice(-recent)).toEqual(asStored(full).events.slice(-recent));
    expect(decodedEvents).toBe(recent);
    expect(loaded).toEqual(asStored(full));
    expect(decodedEvents).toBe(full.events.length);
    decodedEvents = 0;
    expect(await store.load('long')).toEqual(asStored(full));
    expect(decodedEvents).toBe(recent);
  });
});
