import { describe, expect, it } from 'vitest';
import type { TtsEngine } from '../../ports/speech.ts';
import { withTtsCache } from './tts-cache.ts';

function scriptedEngine(): TtsEngine & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'scripted',
    outputFormat: { encoding: 'l16', sampleRate: 16000 },
    calls,
    async *synthesize({ text }) {
      calls.push(text);
      if (text === 'fail') throw new Error('engine failed');
      yield new TextEncoder().encode(`${text}:1`);
      yield new TextEncoder().encode(`${text}:2`);
    },
  };
}

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += new TextDecoder().decode(c) + '|';
  return out;
}

describe('withTtsCache', () => {
  it('evicts the least recently used text beyond cache_size', async () => {
    const engine = scriptedEngine();
    const cached = withTtsCache(engine, 2);
    expect(await text(cached.synthesize({ text: 'a' }))).toBe('a:1|a:2|');
    await text(cached.synthesize({ text: 'b' }));
    await text(cached.synthesize({ text: 'a' })); // a is now the most recent
    await text(cached.synthesize({ text: 'c' })); // evicts b
    expect(cached.cachedEntries).toBe(2);
    await text(cached.synthesize({ text: 'a' }));
    await text(cached.synthesize({ text: 'b' }));
    expect(engine.calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keys on the language too, caches nothing with cache_size 0, and never caches a failure', async () => {
    const engine = scriptedEngine();
    const cached = withTtsCache(engine, 10);
    await text(cached.synthesize({ text: 'hi', language: 'en' }));
    await text(cached.synthesize({ text: 'hi', language: 'de' }));
    await expect(text(cached.synthesize({ text: 'fail' }))).rejects.toThrow('engine failed');
    await expect(text(cached.synthesize({ text: 'fail' }))).rejects.toThrow('engine failed');
    expect(engine.calls).toEqual(['hi', 'hi', 'fail', 'fail']);

    const uncached = withTtsCache(scriptedEngine(), 0);
    await text(uncached.synthesize({ text: 'x' }));
    expect(uncached.cachedEntries).toBe(0);
  });

  it('a consumer that stops after the first chunk leaves nothing cached', async () => {
    const engine = scriptedEngine();
    const cached = withTtsCache(engine, 10);
    for await (const _ of cached.synthesize({ text: 'a' })) break;
    expect(cached.cachedEntries).toBe(0);
  });
});
