/**
 * Two real `colloquy run` replicas of examples/a2a-server sharing Redis (tracker_store and
 * lock_store redis, endpoints.redis.yml, a key prefix unique to this run) behind a round-robin
 * client, without sticky sessions: 100 concurrent contexts × 5 turns, each turn also retried
 * (after the answer and while in flight) with the same messageId on the other replica.
 */
import { expect, it } from 'vitest';
import { dataPart, userMessage, type Json, type LiveServer } from './live-server.ts';
import { redisReplicas } from './redis-replicas.ts';

const CONTEXTS = 100;
const TURNS: readonly { text: string; state: string }[] = [
  { text: 'I want to send money', state: 'input-required' },
  { text: 'Alice', state: 'input-required' },
  { text: '50', state: 'input-required' },
  { text: 'yes', state: 'completed' },
  { text: 'xyzzy plugh', state: 'rejected' },
];

const replicas = redisReplicas('a2alive', { startTimeoutMs: 90_000 });

interface Outcome {
  readonly status: number;
  readonly body: Json;
}

const send = (replica: LiveServer, text: string, messageId: string, contextId: string): Promise<Outcome> =>
  replica.rpc('message/send', { message: userMessage(text, messageId, contextId) });

it('serves 100 concurrent contexts × 5 turns round-robin: no lost or duplicate turn, every retry deduplicated', async () => {
  const servers = replicas();
  const taskIds = new Set<string>();
  const inFlightDuplicates = { replayed: 0, refused: 0 };

  await Promise.all(
    Array.from({ length: CONTEXTS }, async (_, c) => {
      const contextId = `ctx-${c}`;
      for (const [t, turn] of TURNS.entries()) {
        // Consecutive turns of a context alternate replicas: every follow-up to an input_required
        // task lands on the replica that did not create it.
        const primary = servers[(c + t) % 2]!;
        const other = servers[(c + t + 1) % 2]!;
        const messageId = `${contextId}-m${t}`;
        // The same message twice at once, on both replicas: one runs the turn; the other either
        // finds it in flight (409) or arrives after it finished and gets the cached task.
        const pair = await Promise.all([send(primary, turn.text, messageId, contextId), send(other, turn.text, messageId, contextId)]);
        const answered = pair.filter((o) => o.status === 200);
        expect(answered.length, JSON.stringify(pair.map((o) => o.body))).toBeGreaterThan(0);
        const task = answered[0]!.body.result;
        expect(task.status.state, `${contextId} turn ${t}: ${JSON.stringify(dataPart(task))}`).toBe(turn.state);
        taskIds.add(task.id);
        for (const duplicate of pair.filter((o) => o !== answered[0])) {
          if (duplicate.status === 409) {
            inFlightDuplicates.refused++;
            expect(duplicate.body.error.code).toBe(-32032);
          } else {
            inFlightDuplicates.replayed++;
            expect(duplicate.body.result).toEqual(task);
          }
        }
        // A retry after the answer, on the other replica: the cached task, not a new turn.
        const retry = await send(other, turn.text, messageId, contextId);
        expect(retry.body.result).toEqual(task);
        // Any replica reads any task.
        expect((await other.rpc('tasks/get', { id: task.id })).body.result.status.state).toBe(turn.state);
      }
    }),
  );

  // The concurrent duplicate either lost the race (409) or came after the first finished (replay); never a second turn.
  expect(inFlightDuplicates.refused + inFlightDuplicates.replayed).toBe(CONTEXTS * TURNS.length);
  expect(taskIds.size).toBe(CONTEXTS * TURNS.length);
  const counts = await Promise.all(Array.from({ length: CONTEXTS }, (_, c) => servers[c % 2]!.userTurns(`ctx-${c}`)));
  expect(counts.filter((n) => n !== TURNS.length)).toEqual([]);
}, 120_000); // ≈ 2,000 requests through two replicas; 49 s seen at load 13 on 2 cores

it('continues an input_required context on the other replica and cancels it from either', async () => {
  const [a, b] = replicas();
  const asked = (await send(a, 'I want to send money', 'f1', 'follow-up')).body.result;
  expect(asked.status.state).toBe('input-required');
  const answered = (await send(b, 'Carol', 'f2', 'follow-up')).body.result;
  expect(dataPart(answered)).toEqual({ state: 'input_required', active_flow: 'transfer_money', slots: { recipient: 'Carol', amount: null, confirm_transfer: null } });
  expect((await a.rpc('tasks/get', { id: asked.id })).body.result.status.state).toBe('input-required');

  const canceled = (await a.rpc('tasks/cancel', { id: answered.id })).body.result;
  expect(canceled.status.state).toBe('canceled');
  expect((await b.rpc('tasks/get', { id: answered.id })).body.result.status.state).toBe('canceled');
  const next = (await send(b, '75', 'f3', 'follow-up')).body.result;
  expect(dataPart(next)).not.toMatchObject({ active_flow: 'transfer_money' });
  expect(await a.userTurns('follow-up')).toBe(await b.userTurns('follow-up'));
});
