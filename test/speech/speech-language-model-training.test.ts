import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load-model.ts';
import { registerTrainer, trainProject } from '../../src/project/index.ts';
import { DOMAIN_LM_KEY, type DomainLanguageModel } from '../../src/adapters/speech/offline/domain-language-model.ts';
import { bundledSpeechLanguageModel, e2eUserLines, speechLanguageModelTrainer } from '../../src/cli/speech-language-model.ts';
import { starterAssistant, STARTER_DIR } from './starter-assistant.ts';

describe('the speech language model at train time', () => {
  it('takes the user lines of the e2e tests, not slash commands', async () => {
    const lines = await e2eUserLines(STARTER_DIR);
    expect(lines).toContain('send 50 dollars to Bob');
    expect(lines.some((line) => line.startsWith('/'))).toBe(false);
  });

  it('is trained when a channel transcribes with pocketsphinx, and read back from the bundle', async () => {
    const starter = await starterAssistant();
    expect(await speechLanguageModelTrainer.train(starter)).toBeUndefined();

    const voice = { ...starter, channels: [...starter.channels, { name: 'browser_audio', options: { asr: { name: 'pocketsphinx' }, tts: { name: 'flite' } } }] };
    const model = (await speechLanguageModelTrainer.train(voice)) as DomainLanguageModel;
    // From the NLU examples, the responses and (only there) the e2e tests.
    for (const word of ['balance', 'transfer', 'contact', 'bob']) expect(model.dictionary).toMatch(new RegExp(`^${word} `, 'm'));
    expect(model.dictionary).not.toMatch(/^setslots /m);
    const bundled = bundledSpeechLanguageModel(JSON.parse(JSON.stringify({ [DOMAIN_LM_KEY]: model })) as Record<string, unknown>);
    expect(bundled?.arpa).toBe(model.arpa);
    expect(bundledSpeechLanguageModel({})).toBeUndefined();
  });

  it('goes into the bundle `train` writes, and `--model` hands it to the speech engines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'colloquy-voice-'));
    try {
      await cp(STARTER_DIR, dir, { recursive: true, filter: (path) => !path.includes('/models') && !path.includes('/.colloquy') });
      await appendFile(join(dir, 'credentials.yml'), '\nbrowser_audio:\n  server_url: localhost\n  asr:\n    name: pocketsphinx\n  tts:\n    name: flite\n');
      registerTrainer(speechLanguageModelTrainer);
      const { modelPath } = await trainProject(dir, { fixedModelName: 'voice' });
      const loaded = await loadModel({ project: dir, model: modelPath! });
      expect(loaded.speechLanguageModel?.words).toBeGreaterThan(100);
      expect(loaded.speechLanguageModel?.arpa).toMatch(/^\\data\\/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
