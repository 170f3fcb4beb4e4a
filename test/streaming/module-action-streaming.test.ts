/**
 * In-process actions streaming text through `call.stream`: what `onChunk` receives, and how the
 * streamed text becomes part of the action's reply.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActionHandler } from '../../src/adapters/actions/action-protocol.ts';
import { ModuleActionRunner } from '../../src/adapters/actions/module-action-runner.ts';
import { loadProject } from '../../src/project/index.ts';
import { newConversation } from '../../src/core/engine/index.ts';
import { fixedClock, sequentialIds } from '../../src/core/clock.ts';
import type { ActionCall, TextChunk } from '../../src/ports/action-runner.ts';
import { assembleChunks, wellFormed } from './assemble-chunks.ts';
import { FEES, FOLLOW_UP } from './project/actions/index.ts';

const PROJECT = fileURLToPath(new URL('./project/', import.meta.url));
const loaded = await loadProject(PROJECT);
if (!loaded.assistant) throw new Error(`test/streaming/project does not load: ${JSON.stringify(loaded.diagnostics)}`);
const assistant = loaded.assistant;
const state = newConversation(assistant, 'u1', { clock: fixedClock(), ids: sequentialIds(), random: () => 0 });

function call(name: string, chunks?: TextChunk[]): ActionCall {
  return { name, state, domain: assistant.domain, ...(chunks ? { onChunk: (c: TextChunk) => void chunks.push(c) } : {}) };
}

const runner = (handlers: Record<string, ActionHandler>, timeoutMs?: number) =>
  new ModuleActionRunner(new Map(Object.entries(handlers)), timeoutMs === undefined ? {} : { timeoutMs });

describe('streaming in-process actions', () => {
  it('forwards chunks in order under one response id and ends the response when the action returns', async () => {
    const chunks: TextChunk[] = [];
    const result = await runner({
      act: ({ stream }) => {
        stream.chunk('Hel');
        stream.chunk('lo');
        return { responses: [{ text: 'after' }] };
      },
    }).run(call('act', chunks));
    expect(chunks.map((c) => [c.text, c.last])).toEqual([['Hel', false], ['lo', false], ['', true]]);
    expect(new Set(chunks.map((c) => c.responseId)).size).toBe(1);
    // The streamed text is delivered in full, before what the action returned.
    expect(result.responses).toEqual([{ text: 'Hello' }, { text: 'after' }]);
  });

  it('starts a new response after end(), and end(text) carries the last piece', async () => {
    const chunks: TextChunk[] = [];
    const result = await runner({
      act: ({ stream }) => {
        stream.chunk('one');
        stream.end(' done');
        stream.end('two');
      },
    }).run(call('act', chunks));
    expect(chunks.map((c) => [c.text, c.last])).toEqual([['one', false], [' done', true], ['two', true]]);
    expect(chunks[0]?.responseId).toBe(chunks[1]?.responseId);
    expect(chunks[2]?.responseId).not.toBe(chunks[0]?.responseId);
    expect(result.responses).toEqual([{ text: 'one done' }, { text: 'two' }]);
  });

  it('ignores empty chunks and a bare end() with nothing open', async () => {
    const chunks: TextChunk[] = [];
    const result = await runner({
      act: ({ stream }) => {
        stream.chunk('');
        stream.end();
        return { events: [] };
      },
    }).run(call('act', chunks));
    expect(chunks).toEqual([]);
    expect(result.responses).toEqual([]);
  });

  it('keeps the streamed text when nobody listens to chunks', async () => {
    const result = await runner({ act: ({ stream }) => stream.chunk('quiet') }).run(call('act'));
    expect(result.responses).toEqual([{ text: 'quiet' }]);
  });

  it('closes the open response when the action fails', async () => {
    const chunks: TextChunk[] = [];
    const failing = runner({
      act: ({ stream }) => {
        stream.chunk('partial');
        throw new Error('model went away');
      },
    });
    await expect(failing.run(call('act', chunks))).rejects.toThrow("Action 'act' failed: model went away");
    expect(chunks.map((c) => [c.text, c.last])).toEqual([['partial', false], ['', true]]);
  });

  it('drops chunks a timed-out action writes later', async () => {
    const chunks: TextChunk[] = [];
    let lateWrite: Promise<void> | undefined;
    const slow = runner({
      act: ({ stream }) => {
        stream.chunk('early');
        lateWrite = new Promise((resolve) => setTimeout(() => resolve(stream.chunk('late')), 60));
        return new Promise(() => undefined);
      },
    }, 20);
    await expect(slow.run(call('act', chunks))).rejects.toThrow('did not finish within 20 ms');
    await lateWrite;
    expect(chunks.map((c) => c.text)).toEqual(['early', '']);
  });

  it('rejects a chunk that is not a string with a message naming the action', async () => {
    const bad = runner({ act: ({ stream }) => stream.chunk(42 as unknown as string) });
    await expect(bad.run(call('act'))).rejects.toThrow("Action 'act' failed: stream.chunk/end expects a string, got number.");
  });

  it('runs the example project action: two streamed answers, then its slot event', async () => {
    const project = await ModuleActionRunner.load(PROJECT);
    const chunks: TextChunk[] = [];
    const result = await project.run(call('action_explain_fees', chunks));
    expect(assembleChunks(chunks.map((c) => ({ id: c.responseId, text: c.text, last: c.last })))).toEqual([
      { text: FEES.join(''), lasts: wellFormed(FEES.length + 1) },
      { text: FOLLOW_UP.join(''), lasts: wellFormed(FOLLOW_UP.length) },
    ]);
    expect(result.responses).toEqual([{ text: 'Transfers are free. Cards cost $1 a month. Accounts have no fee.' }, { text: 'Ask me about anything unclear.' }]);
    expect(result.events).toEqual([{ event: 'slot', name: 'fees_explained', value: true }]);
  });
});
