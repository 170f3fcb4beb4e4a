/**
 * The turn processor passes the sink's `chunk` to the action runner: chunks reach the channel
 * while the action runs, and the complete messages follow through `send` as before.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ModuleActionRunner } from '../../src/adapters/actions/module-action-runner.ts';
import { MemoryLockStore } from '../../src/adapters/stores/memory-lock-store.ts';
import { MemoryTrackerStore } from '../../src/adapters/stores/memory-tracker-store.ts';
import { fixedClock, sequentialIds } from '../../src/core/clock.ts';
import type { ActionCall, ActionRunner, TextChunk } from '../../src/ports/action-runner.ts';
import { loadProject } from '../../src/project/index.ts';
import type { MessageSink } from '../../src/runtime/processor-api.ts';
import { TurnProcessor } from '../../src/runtime/turn-processor.ts';
import { createPipeline } from '../../src/understanding/pipeline.ts';
import { assembleChunks, wellFormed } from './assemble-chunks.ts';
import { FEES, FOLLOW_UP } from './project/actions/index.ts';

const PROJECT = fileURLToPath(new URL('./project/', import.meta.url));
const loaded = await loadProject(PROJECT);
if (!loaded.assistant) throw new Error(`test/streaming/project does not load: ${JSON.stringify(loaded.diagnostics)}`);
const assistant = loaded.assistant;
const projectActions = await ModuleActionRunner.load(PROJECT);

function processor(actions: ActionRunner = projectActions) {
  const generator = createPipeline(assistant, { llmClientFor: () => { throw new Error('no LLM in these tests'); } });
  return new TurnProcessor({
    assistant: () => assistant,
    generator: () => generator,
    trackers: new MemoryTrackerStore(),
    locks: new MemoryLockStore(),
    actions,
    logger: pino({ level: 'silent' }),
    clock: fixedClock(),
    ids: sequentialIds(),
    random: () => 0,
  });
}

type Seen = { kind: 'chunk'; chunk: TextChunk } | { kind: 'message'; text: string | undefined };

const ask = { senderId: 'u1', text: '/explain_fees', channel: 'test' };

describe('turn processor with a streaming action', () => {
  it('sends the chunks before the complete messages, and the turn result is unchanged', async () => {
    const seen: Seen[] = [];
    const sink: MessageSink = {
      send: (message) => void seen.push({ kind: 'message', text: message.text }),
      chunk: (chunk) => void seen.push({ kind: 'chunk', chunk }),
    };
    const result = await processor().handleMessage(ask, sink);

    const chunks = seen.flatMap((s) => (s.kind === 'chunk' ? [s.chunk] : []));
    expect(assembleChunks(chunks.map((c) => ({ id: c.responseId, text: c.text, last: c.last })))).toEqual([
      { text: FEES.join(''), lasts: wellFormed(FEES.length + 1) },
      { text: FOLLOW_UP.join(''), lasts: wellFormed(FOLLOW_UP.length) },
    ]);
    const firstMessage = seen.findIndex((s) => s.kind === 'message' && s.text === FEES.join(''));
    expect(firstMessage).toBeGreaterThan(seen.findLastIndex((s) => s.kind === 'chunk'));
    expect(result.messages.map((m) => m.text)).toEqual([FEES.join(''), FOLLOW_UP.join(''), 'That is all about fees.', expect.any(String)]);
    // The tracker records the full streamed text as bot utterances.
    expect(result.state.events.filter((e) => e.event === 'bot').map((e) => e.text)).toContain(FEES.join(''));
    expect(result.state.slots.fees_explained).toBe(true);
  });

  it('gives the runner no onChunk when the channel cannot show chunks', async () => {
    const calls: ActionCall[] = [];
    const spy: ActionRunner = { has: (name) => projectActions.has(name), run: (call) => (calls.push(call), projectActions.run(call)) };
    const result = await processor(spy).handleMessage(ask, { send: () => undefined });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.onChunk).toBeUndefined();
    expect(result.messages[0]?.text).toBe(FEES.join(''));
  });

  it('keeps running the action when the channel fails on a chunk', async () => {
    const sent: (string | undefined)[] = [];
    const sink: MessageSink = {
      send: (message) => void sent.push(message.text),
      chunk: () => {
        throw new Error('socket closed');
      },
    };
    const result = await processor().handleMessage(ask, sink);
    expect(sent.slice(0, 2)).toEqual([FEES.join(''), FOLLOW_UP.join('')]);
    expect(result.state.slots.fees_explained).toBe(true);
  });
});
