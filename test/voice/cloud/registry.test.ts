import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Assistant } from '../../../src/core/assistant.ts';
import { createAsrEngine, createTtsEngine } from '../../../src/adapters/speech/engine-registry.ts';

const context = { assistant: { root: '/nonexistent' } as Assistant };

describe('cloud engines in the speech engine registry', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('builds each cloud engine by its Rasa name, reading the key from the environment; TTS sits behind the cache', async () => {
    vi.stubEnv('DEEPGRAM_API_KEY', 'dg');
    vi.stubEnv('AZURE_SPEECH_API_KEY', 'az');
    vi.stubEnv('CARTESIA_API_KEY', 'ca');
    expect((await createAsrEngine({ name: 'deepgram' }, context)).name).toBe('deepgram');
    expect((await createAsrEngine({ name: 'azure', speech_region: 'westeurope' }, context)).name).toBe('azure');
    for (const name of ['azure', 'cartesia', 'deepgram']) {
      const tts = await createTtsEngine({ name, cache_size: 5 }, context);
      expect([tts.name, tts.cachedEntries]).toEqual([name, 0]);
    }
  });

  it('refuses a cloud engine without its key, naming the variable', async () => {
    vi.stubEnv('CARTESIA_API_KEY', '');
    await expect(createTtsEngine({ name: 'cartesia' }, context)).rejects.toThrow('tts cartesia: no API key: set the CARTESIA_API_KEY environment variable');
  });
});
