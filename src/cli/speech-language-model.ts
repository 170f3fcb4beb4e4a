/**
 * The offline ASR's domain language model at `colloquy train`, and reading it back with `--model`.
 * Built when a channel's `asr` is pocketsphinx, from the assistant's phrases plus the user lines of its
 * e2e tests (what callers really say); slash commands (`/intent`, `/SetSlots(…)`) are not speech.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Assistant } from '../core/assistant.ts';
import { DOMAIN_LM_KEY, trainDomainLanguageModel, type DomainLanguageModel } from '../adapters/speech/offline/domain-language-model.ts';
import type { Trainer } from '../project/index.ts';
import { loadTestCases } from './e2e/test-file.ts';

/** True when a channel of credentials.yml transcribes with pocketsphinx. */
export function usesPocketsphinx(assistant: Assistant): boolean {
  return assistant.channels.some(({ options }) => {
    const asr = options.asr as { name?: unknown } | undefined;
    return typeof asr === 'object' && asr !== null && asr.name === 'pocketsphinx';
  });
}

export async function e2eUserLines(root: string): Promise<string[]> {
  const folder = join(root, 'e2e_tests');
  if (!existsSync(folder)) return [];
  const cases = await loadTestCases(folder);
  return cases.flatMap((c) => c.steps.flatMap((step) => ('user' in step && typeof step.user === 'string' && !step.user.startsWith('/') ? [step.user] : [])));
}

export const speechLanguageModelTrainer: Trainer = {
  name: DOMAIN_LM_KEY,
  train: async (assistant) => (usesPocketsphinx(assistant) ? trainDomainLanguageModel(assistant, await e2eUserLines(assistant.root)) : undefined),
};

/** The model a bundle carries (absent when it was trained without a pocketsphinx channel). */
export function bundledSpeechLanguageModel(trained: Readonly<Record<string, unknown>>): DomainLanguageModel | undefined {
  const model = trained[DOMAIN_LM_KEY] as Partial<DomainLanguageModel> | undefined;
  return typeof model?.arpa === 'string' && typeof model.dictionary === 'string' ? (model as DomainLanguageModel) : undefined;
}
