/**
 * Two real `colloquy run` replicas of test/streaming/project sharing Redis (endpoints.redis.yml):
 * a client streams a turn on replica A while another resubscribes to the task on replica B. B
 * forwards A's artifact chunks as A streams them (Redis pub/sub), not only once the turn is stored,
 * and the poll of the store adds no duplicate.
 */
import { fileURLToPath } from 'node:url';
import { Message, TaskState, type StreamResponse } from '@a2a-js/sdk';
import { expect, it } from 'vitest';
import { redisReplicas } from '../a2a-live/redis-replicas.ts';
import { sdkAgent } from '../a2a-live/sdk-agent.ts';
import { assembleChunks, wellFormed } from './assemble-chunks.ts';
import { FEES, FOLLOW_UP } from './project/actions/index.ts';

const PROJECT = fileURLToPath(new URL('./project/', import.meta.url));
// Pieces far enough apart that the subscription on the other replica is in place mid-turn on a loaded machine.
const PAUSE_MS = 400;

const replicas = redisReplicas('streamrep', { project: PROJECT, env: { STREAM_PAUSE_MS: String(PAUSE_MS) }, startTimeoutMs: 120_000 });

interface Seen {
  readonly event: StreamResponse;
  readonly at: number;
}

const chunksOf = (events: readonly Seen[]) =>
  events.flatMap(({ event, at }) => {
    if (event.payload?.$case !== 'artifactUpdate') return [];
    const { artifact, append, lastChunk } = event.payload.value;
    const text = (artifact?.parts ?? []).flatMap((p) => (p.content?.$case === 'text' ? [p.content.value] : [])).join('');
    return [{ id: artifact?.artifactId ?? '', text, append, last: lastChunk, at }];
  });
const statuses = (events: readonly Seen[]) => events.flatMap(({ event, at }) => (event.payload?.$case === 'statusUpdate' ? [{ state: event.payload.value.status?.state, at }] : []));

it("a subscriber on replica B receives replica A's streamed chunks while the turn runs, each once", async () => {
  const [onA, onB] = await Promise.all(replicas().map((r) => sdkAgent('JSONRPC 1.0', r.url)));
  const message = Message.fromJSON({ messageId: 'rep-1', contextId: 'rep-stream', role: 'ROLE_USER', parts: [{ text: 'explain the fees' }] });
  const original: Seen[] = [];
  let fromB: Promise<Seen[]> | undefined;
  for await (const event of onA!.sendMessageStream({ message } as never)) {
    original.push({ event, at: Date.now() });
    if (event.payload?.$case === 'task') {
      const stream = onB!.resubscribeTask({ id: event.payload.value.id } as never);
      fromB = (async () => {
        const seen: Seen[] = [];
        for await (const e of stream) seen.push({ event: e, at: Date.now() });
        return seen;
      })();
    }
  }
  const seen = await fromB!;
  expect(seen[0]?.event.payload?.$case).toBe('task');

  const turnEnded = statuses(original).find((s) => s.state === TaskState.TASK_STATE_COMPLETED)!.at;
  const late = chunksOf(seen);
  // Chunks continuing an artifact (append: true), received on B before A finished the turn: the bus, not the store.
  const midTurn = late.filter((c) => c.append && c.at < turnEnded);
  expect(midTurn.length, JSON.stringify(late)).toBeGreaterThan(0);
  // The tail of what A streamed, in order, nothing twice; the second answer whole.
  const strip = (chunks: ReturnType<typeof chunksOf>) => chunks.map(({ id, text, append, last }) => ({ id, text, append, last }));
  expect(strip(late)).toEqual(strip(chunksOf(original)).slice(-late.length));
  expect(assembleChunks(late).at(-1)).toEqual({ text: FOLLOW_UP.join(''), lasts: wellFormed(FOLLOW_UP.length) });
  expect(FEES.join('').endsWith(assembleChunks(late)[0]!.text) || late[0]!.id !== chunksOf(original)[0]!.id).toBe(true);
  const states = statuses(seen).map((s) => s.state);
  expect(states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
  expect(states.filter((s) => s === TaskState.TASK_STATE_COMPLETED)).toHaveLength(1);
}, 60_000);
