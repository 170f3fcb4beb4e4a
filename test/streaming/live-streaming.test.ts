/**
 * End to end against a real `colloquy run` of test/streaming/project, whose custom action streams
 * two answers: the `@a2a-js/sdk` client receives them as artifact chunks over SSE (v1.0 JSON-RPC,
 * HTTP+JSON and the legacy v0.3 transport), and REST `?stream=true&chunks=true` as `text_chunk` lines.
 */
import { fileURLToPath } from 'node:url';
import { Message, TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../a2a-live/live-server.ts';
import { SDK_TRANSPORTS, sdkAgent, type SdkAgent } from '../a2a-live/sdk-agent.ts';
import { assembleChunks, wellFormed } from './assemble-chunks.ts';
import { FEES, FOLLOW_UP } from './project/actions/index.ts';

const PROJECT = fileURLToPath(new URL('./project/', import.meta.url));
const ANSWERS = [FEES.join(''), FOLLOW_UP.join('')];

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer({ project: PROJECT });
}, 90_000);
afterAll(() => server?.close());

const ask = (messageId: string, contextId: string) => ({
  message: Message.fromJSON({ messageId, contextId, role: 'ROLE_USER', parts: [{ text: 'explain the fees' }] }),
});

interface ArtifactChunkSeen {
  readonly artifactId: string;
  readonly text: string;
  readonly append: boolean;
  readonly lastChunk: boolean;
}

function artifactChunks(events: readonly StreamResponse[]): ArtifactChunkSeen[] {
  return events.flatMap((e) => {
    if (e.payload?.$case !== 'artifactUpdate') return [];
    const { artifact, append, lastChunk } = e.payload.value;
    const texts = (artifact?.parts ?? []).flatMap((p) => (p.content?.$case === 'text' ? [p.content.value] : []));
    return [{ artifactId: artifact?.artifactId ?? '', text: texts.join(''), append, lastChunk }];
  });
}

const statusStates = (events: readonly StreamResponse[]) => events.flatMap((e) => (e.payload?.$case === 'statusUpdate' ? [e.payload.value.status?.state] : []));

describe.each(SDK_TRANSPORTS)('@a2a-js/sdk client over %s', (transport) => {
  const tag = transport.replace(/[^A-Za-z0-9]/g, '');
  let agent: SdkAgent;
  beforeAll(async () => {
    agent = await sdkAgent(transport, server.url);
  });

  it('receives one artifact per streamed response, in order, before the status updates', async () => {
    const events: StreamResponse[] = [];
    for await (const event of agent.sendMessageStream(ask(`${tag}-s1`, `${tag}-stream`) as never)) events.push(event);

    expect(events[0]?.payload?.$case).toBe('task');
    const chunks = artifactChunks(events);
    expect(assembleChunks(chunks.map((c) => ({ id: c.artifactId, text: c.text, last: c.lastChunk })))).toEqual([
      { text: ANSWERS[0], lasts: wellFormed(FEES.length + 1) },
      { text: ANSWERS[1], lasts: wellFormed(FOLLOW_UP.length) },
    ]);
    // `append` is false exactly on the first chunk of each artifact.
    expect(chunks.map((c) => c.append)).toEqual(chunks.map((c, i) => chunks.findIndex((o) => o.artifactId === c.artifactId) !== i));

    const kinds = events.map((e) => e.payload?.$case);
    expect(kinds.lastIndexOf('artifactUpdate')).toBeLessThan(kinds.indexOf('statusUpdate'));
    expect(statusStates(events).at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
    // The complete answer still arrives as a working update, for clients that ignore artifacts.
    const workingTexts = events.flatMap((e) =>
      e.payload?.$case === 'statusUpdate' && e.payload.value.status?.state === TaskState.TASK_STATE_WORKING
        ? (e.payload.value.status.message?.parts ?? []).flatMap((p) => (p.content?.$case === 'text' ? [p.content.value] : []))
        : [],
    );
    expect(workingTexts.slice(0, 2)).toEqual(ANSWERS);
  });

  it('gives a blocking send the final task only, with the whole answer and the stored artifacts', async () => {
    const result = await agent.sendMessage(ask(`${tag}-b1`, `${tag}-blocking`) as never);
    if (!('status' in result)) throw new Error(`expected a task, got ${JSON.stringify(result)}`);
    const task = result as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    // The streamed chunks are stored on the task as one artifact per response (A2A: artifacts belong to the task).
    const artifactTexts = task.artifacts.map((a) => a.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join(''));
    expect(artifactTexts).toEqual(ANSWERS);
    const text = task.status?.message?.parts.find((p) => p.content?.$case === 'text');
    expect(text?.content?.$case === 'text' && text.content.value.split('\n').slice(0, 2)).toEqual(ANSWERS);
  });

  it('streams the remaining chunks to a client that resubscribes while the action runs', async () => {
    const original: StreamResponse[] = [];
    let resubscribed: Promise<StreamResponse[]> | undefined;
    for await (const event of agent.sendMessageStream(ask(`${tag}-r1`, `${tag}-resubscribe`) as never)) {
      original.push(event);
      if (event.payload?.$case === 'task') {
        const stream = agent.resubscribeTask({ id: event.payload.value.id } as never);
        resubscribed = (async () => {
          const seen: StreamResponse[] = [];
          for await (const e of stream) seen.push(e);
          return seen;
        })();
      }
    }
    const seen = await resubscribed!;
    expect(seen[0]?.payload?.$case).toBe('task');
    const late = artifactChunks(seen);
    // The subscriber attached after the action started: it sees the tail of the same chunks.
    expect(late.length).toBeGreaterThan(0);
    expect(artifactChunks(original).slice(-late.length)).toEqual(late);
    expect(statusStates(seen).at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
  });
});

describe('REST webhook', () => {
  const post = (query: string, sender: string) =>
    fetch(`${server.url}/webhooks/rest/webhook${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sender, message: 'explain the fees' }),
    });
  const ndjson = async (response: Response) => (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes text_chunk lines before the complete messages when asked with chunks=true', async () => {
    const lines = await ndjson(await post('?stream=true&chunks=true', 'rest-chunks'));
    const chunkLines = lines.filter((l) => 'text_chunk' in l);
    expect(chunkLines.every((l) => l.recipient_id === 'rest-chunks' && !('text' in l))).toBe(true);
    expect(assembleChunks(chunkLines.map((l) => ({ id: String(l.response_id), text: String(l.text_chunk), last: l.last === true })))).toEqual([
      { text: ANSWERS[0], lasts: wellFormed(FEES.length + 1) },
      { text: ANSWERS[1], lasts: wellFormed(FOLLOW_UP.length) },
    ]);
    const messages = lines.filter((l) => !('text_chunk' in l));
    expect(messages.slice(0, 2)).toEqual(ANSWERS.map((text) => ({ recipient_id: 'rest-chunks', text })));
    expect(lines.indexOf(messages[0]!)).toBeGreaterThan(lines.lastIndexOf(chunkLines.at(-1)!));
  });

  it('keeps ?stream=true and the plain webhook free of chunk lines', async () => {
    const streamed = await ndjson(await post('?stream=true', 'rest-stream'));
    expect(streamed.some((l) => 'text_chunk' in l)).toBe(false);
    expect(streamed.slice(0, 2)).toEqual(ANSWERS.map((text) => ({ recipient_id: 'rest-stream', text })));
    const plain = (await (await post('', 'rest-plain')).json()) as unknown[];
    expect(plain.slice(0, 2)).toEqual(ANSWERS.map((text) => ({ recipient_id: 'rest-plain', text })));
  });
});
