import { describe, expect, it } from 'vitest';
import { accuracy, loadEvalCases, runEval } from '../../../bench/data/offline-eval.ts';
import type { Assistant } from '../../core/assistant.ts';
import { loadProject } from '../../project/index.ts';
import { createOfflineCommandGenerator } from './offline-command-generator.ts';
import { startableFlows } from './offline-model.ts';
import { flowSlots } from './slot-roles.ts';
import { bankAssistant } from './testing/bank-assistant.ts';

async function starter(): Promise<Assistant> {
  const { assistant, diagnostics } = await loadProject('examples/starter');
  if (!assistant) throw new Error(`examples/starter does not load: ${diagnostics[0]?.message}`);
  return assistant;
}

async function splitAccuracy(assistant: Assistant): Promise<{ dev: number; test: number }> {
  const generator = createOfflineCommandGenerator(assistant, undefined, { now: () => new Date('2025-06-02T12:00:00Z') });
  const cases = loadEvalCases();
  expect(cases.length).toBeGreaterThanOrEqual(150);
  const results = await runEval(generator, assistant, cases);
  return {
    dev: accuracy(results.filter((r) => r.case.split === 'dev')),
    test: accuracy(results.filter((r) => r.case.split === 'test')),
  };
}

/** What the generator reads from a project: startable flows and the slots they collect. */
function shape(assistant: Assistant) {
  return startableFlows(assistant).map((flow) => ({
    id: flow.id,
    description: flow.description,
    slots: flowSlots(assistant, flow).map(({ name, type, role, description }) => ({ name, type, role, description })),
  }));
}

describe('offline generator accuracy on bench/data/offline-eval.yml', () => {
  it('reaches 90% command-level accuracy on the starter project (dev split; 85% held out)', async () => {
    const { dev, test } = await splitAccuracy(await starter());
    expect(dev).toBeGreaterThanOrEqual(0.9);
    expect(test).toBeGreaterThanOrEqual(0.85);
  });

  it('uses a bank fixture that mirrors the starter project', async () => {
    const sortById = (flows: ReturnType<typeof shape>) => [...flows].sort((a, b) => a.id.localeCompare(b.id));
    expect(sortById(shape(bankAssistant()))).toEqual(sortById(shape(await starter())));
  });
});
