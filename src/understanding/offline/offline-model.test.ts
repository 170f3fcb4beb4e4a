import { describe, expect, it } from 'vitest';
import { classify } from './flow-classifier.ts';
import { createOfflineCommandGenerator } from './offline-command-generator.ts';
import { OFFLINE_MODEL_VERSION, startableFlows, trainOfflineModel } from './offline-model.ts';
import { bankAssistant, flow } from './testing/bank-assistant.ts';

describe('trainOfflineModel', () => {
  const assistant = bankAssistant({ nlu: [{ intent: 'check_balance', examples: ['am I [broke](mood)?'] }] });

  it('produces plain JSON that classifies the same after a round trip', () => {
    const model = trainOfflineModel(assistant);
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(classify(copy.classifier, 'send cash to a friend')).toEqual(classify(model.classifier, 'send cash to a friend'));
    expect(model.fingerprint).toBe('bank-fixture');
  });

  it('trains in well under 100 ms', () => {
    const started = performance.now();
    trainOfflineModel(assistant);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('learns from NLU examples of nlu_trigger intents, without entity annotations', () => {
    const [top] = classify(trainOfflineModel(assistant).classifier, 'am I broke');
    expect(top?.label).toBe('check_balance');
  });

  it('classifies typos and lexicon paraphrases', () => {
    const { classifier } = trainOfflineModel(assistant);
    expect(classify(classifier, 'tranfer money')[0]?.label).toBe('transfer_money');
    expect(classify(classifier, 'whats my balnce')[0]?.label).toBe('check_balance');
    expect(classify(classifier, 'pay Bob')[0]?.label).toBe('transfer_money');
  });

  it('leaves out patterns and link-only flows', () => {
    const withHidden = bankAssistant({ flows: [flow('internal_step', 'Only reachable by link.', [], { guard: false })] });
    const ids = startableFlows(withHidden).map((f) => f.id);
    expect(ids).toEqual(['transfer_money', 'check_balance', 'add_contact', 'list_contacts']);
  });
});

describe('createOfflineCommandGenerator with a bundled model', () => {
  it('uses a current model as is and retrains one of another version', () => {
    const assistant = bankAssistant();
    const model = trainOfflineModel(assistant);
    expect(createOfflineCommandGenerator(assistant, model).model).toBe(model);
    const stale = { ...model, version: 0 } as unknown as typeof model;
    expect(createOfflineCommandGenerator(assistant, stale).model.version).toBe(OFFLINE_MODEL_VERSION);
  });
});
