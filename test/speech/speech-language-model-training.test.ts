import { describe, expect, it } from 'vitest';
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
});
