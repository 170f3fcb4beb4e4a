import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Outbox, type BrokerMessage, type EventTransport } from './outbox.ts';

const messages = (...bodies: string[]): BrokerMessage[] => bodies.map((body) => ({ senderId: 's', body }));

/** A transport that fails while `down` is set and records what it took. */
function flakyTransport() {
  const state = { down: false, sent: [] as string[], attempts: 0, closed: false };
  const transport: EventTransport = {
    target: 'test',
    async send(batch) {
      state.attempts++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (state.down) throw new Error('broker down');
      state.sent.push(...batch.map((m) => m.body));
    },
    async close() {
      state.closed = true;
    },
  };
  return { state, transport };
}

const logger = pino({ level: 'silent' });

describe('Outbox', () => {
  it('delivers in order and retries a failed batch until the transport takes it', async () => {
    const { state, transport } = flakyTransport();
    const outbox = new Outbox(transport, { logger, retryMinMs: 5, retryMaxMs: 20, batchSize: 3 });
    state.down = true;
    outbox.push(messages('a', 'b'));
    outbox.push(messages('c', 'd', 'e'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(state.attempts).toBeGreaterThan(1);
    expect(outbox.pending).toBe(5);
    state.down = false;
    expect(await outbox.flush(5_000)).toBe(true);
    expect(state.sent).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('drops what does not fit past maxQueued, keeping the oldest', async () => {
    const { state, transport } = flakyTransport();
    state.down = true;
    const outbox = new Outbox(transport, { logger, retryMinMs: 5, maxQueued: 3 });
    outbox.push(messages('1', '2'));
    outbox.push(messages('3', '4', '5'));
    expect(outbox.pending).toBe(3);
    state.down = false;
    expect(await outbox.flush(5_000)).toBe(true);
    expect(state.sent).toEqual(['1', '2', '3']);
  });

  it('drops a failed batch at once with keepUnpublished false (Rasa should_keep_unpublished_messages)', async () => {
    const { state, transport } = flakyTransport();
    state.down = true;
    const outbox = new Outbox(transport, { logger, keepUnpublished: false });
    outbox.push(messages('lost'));
    expect(await outbox.flush(5_000)).toBe(true);
    state.down = false;
    outbox.push(messages('kept'));
    expect(await outbox.flush(5_000)).toBe(true);
    expect(state.sent).toEqual(['kept']);
  });

  it('closes within its timeout while the broker is down, and takes nothing after', async () => {
    const { state, transport } = flakyTransport();
    state.down = true;
    const outbox = new Outbox(transport, { logger, retryMinMs: 1_000 });
    outbox.push(messages('x'));
    await outbox.close(100);
    expect(state.closed).toBe(true);
    outbox.push(messages('y'));
    expect(outbox.pending).toBe(1);
  });
});
