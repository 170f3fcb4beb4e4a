import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/assistant.ts';
import { createAsrEngine, createTtsEngine, customEngineModule } from '../../src/adapters/speech/engine-registry.ts';

const ENGINES = `
export class EchoAsr {
  readonly name = 'echo';
  readonly inputFormat = { encoding: 'mulaw', sampleRate: 8000 } as const;
  constructor(readonly config: Record<string, unknown>) {}
  async open() {
    return { send() {}, async close() {} };
  }
}
export async function quietTts(config: Record<string, unknown>) {
  return {
    name: 'quiet-' + String(config.voice),
    outputFormat: { encoding: 'l16', sampleRate: 24000 },
    async *synthesize() {
      yield new Uint8Array(480);
    },
  };
}
export default class NotAnEngine {}
`;

describe('speech engine registry', () => {
  let root: string;
  let context: { assistant: Assistant };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'colloquy-engines-'));
    await mkdir(join(root, 'speech'));
    await writeFile(join(root, 'speech', 'engines.ts'), ENGINES);
    context = { assistant: { root } as Assistant };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads dotted Rasa-style names and paths with an export', () => {
    expect(customEngineModule('speech.engines.EchoAsr')).toEqual({ module: 'speech/engines', exportName: 'EchoAsr', exact: false });
    expect(customEngineModule('speech/engines.ts#quietTts')).toEqual({ module: 'speech/engines.ts', exportName: 'quietTts', exact: true });
    expect(customEngineModule('speech/engines.ts')).toEqual({ module: 'speech/engines.ts', exportName: 'default', exact: true });
  });

  it('loads a project class by its dotted name, constructed with its section', async () => {
    const engine = await createAsrEngine({ name: 'speech.engines.EchoAsr', model: 'x' }, context);
    expect(engine.name).toBe('echo');
    expect(engine.inputFormat).toEqual({ encoding: 'mulaw', sampleRate: 8000 });
    expect((engine as unknown as { config: unknown }).config).toEqual({ name: 'speech.engines.EchoAsr', model: 'x' });
  });

  it('loads a project factory by path, behind the cache', async () => {
    const engine = await createTtsEngine({ name: 'speech/engines.ts#quietTts', voice: 'v1', cache_size: 5 }, context);
    expect(engine.name).toBe('quiet-v1');
    for await (const _ of engine.synthesize({ text: 'hi' }));
    expect(engine.cachedEntries).toBe(1);
  });

  it('explains a name it cannot resolve, an export that is no engine, and a bad cache_size', async () => {
    await expect(createAsrEngine({ name: 'deepgrm' }, context)).rejects.toThrow(`asr engine 'deepgrm' is neither built in (pocketsphinx, deepgram, azure) nor a module of the project (looked for ${join(root, 'deepgrm.ts')}`);
    await expect(createAsrEngine({ name: 'speech/engines.ts' }, context)).rejects.toThrow("asr engine 'speech/engines.ts' does not implement AsrEngine");
    await expect(createTtsEngine({ name: 'speech.engines.Missing' }, context)).rejects.toThrow("has no export 'Missing'");
    await expect(createTtsEngine({ name: 'flite', cache_size: -1 }, context)).rejects.toThrow('cache_size must be a whole number');
    await expect(createTtsEngine({}, context)).rejects.toThrow("the tts section needs a 'name'");
  });

  it('builds the offline engines by name', async () => {
    const tts = await createTtsEngine({ name: 'flite' }, context);
    expect(tts.outputFormat).toEqual({ encoding: 'l16', sampleRate: 16000 });
    const asr = await createAsrEngine({ name: 'pocketsphinx', language_model: 'stock' }, context);
    expect(asr.inputFormat).toEqual({ encoding: 'l16', sampleRate: 16000 });
    await asr.close?.();
  });
});
