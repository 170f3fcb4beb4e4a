/**
 * The TTS `cache_size` cache (Rasa keeps the audio of the last 1000 texts): wraps any TtsEngine, so
 * every engine, built in or custom, gets it. Only complete syntheses are stored; an aborted or failed
 * one is not, so a barge-in never leaves truncated audio behind.
 * @module
 */
import type { TtsEngine, TtsRequest } from '../../ports/speech.ts';

export const DEFAULT_TTS_CACHE_SIZE = 1000;

export interface CachedTtsEngine extends TtsEngine {
  /** Texts whose audio is cached now. */
  readonly cachedEntries: number;
}

/** Wraps `engine` with a least-recently-used cache of `cacheSize` texts; 0 disables caching. */
export function withTtsCache(engine: TtsEngine, cacheSize = DEFAULT_TTS_CACHE_SIZE): CachedTtsEngine {
  const cache = new Map<string, readonly Uint8Array[]>();
  const keyOf = (request: TtsRequest) => JSON.stringify([request.language ?? '', request.text]);

  async function* synthesize(request: TtsRequest): AsyncIterable<Uint8Array> {
    const key = keyOf(request);
    const hit = cache.get(key);
    if (hit) {
      // Refresh recency: a Map iterates in insertion order, so the first key is the least recent.
      cache.delete(key);
      cache.set(key, hit);
      for (const chunk of hit) {
        if (request.signal?.aborted) return;
        yield chunk;
      }
      return;
    }
    const chunks: Uint8Array[] = [];
    let complete = false;
    try {
      for await (const chunk of engine.synthesize(request)) {
        chunks.push(chunk);
        yield chunk;
      }
      complete = !request.signal?.aborted;
    } finally {
      if (complete && cacheSize > 0) {
        cache.set(key, chunks);
        if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
      }
    }
  }

  return {
    name: engine.name,
    outputFormat: engine.outputFormat,
    synthesize,
    get cachedEntries() {
      return cache.size;
    },
    close: async () => {
      cache.clear();
      await engine.close?.();
    },
  };
}
