/**
 * What colloquy does not run of a Rasa config.yml: the NLU-based dialogue system of a coexistence
 * project (stories, rules and their policies). CALM-only parts keep working; each reference gets a
 * warning saying what happens instead.
 * @module
 */
import type { AssistantConfig } from '../core/assistant.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';

/** Rasa's dialogue policies that learn from stories and rules. */
const NLU_BASED_POLICIES = new Set(['RulePolicy', 'MemoizationPolicy', 'AugmentedMemoizationPolicy', 'TEDPolicy', 'UnexpecTEDIntentPolicy']);

export function checkDialogueSystems(config: AssistantConfig, at: Origin, report: Reporter): void {
  config.pipeline.forEach((component, i) => {
    if (component.name === 'IntentBasedRouter') {
      const nluEntry = component.options.nlu_entry as { sticky?: unknown; non_sticky?: unknown } | undefined;
      const intents = [nluEntry?.sticky, nluEntry?.non_sticky].flatMap((list) => (Array.isArray(list) ? list : []));
      if (intents.length > 0) {
        report.warning(
          'config.coexistence.nlu_entry',
          childOf(at, 'pipeline', i, 'nlu_entry'),
          `colloquy runs only CALM: messages with the nlu_entry intents (${intents.join(', ')}) are handled by CALM too.`,
          'Move those skills into flows, or keep serving them with Rasa.',
          { mode: 'key' },
        );
      }
    } else if (component.name === 'LLMBasedRouter') {
      report.warning(
        'config.coexistence.llm_router',
        childOf(at, 'pipeline', i, 'name'),
        "colloquy runs only CALM: LLMBasedRouter sends every message to CALM without calling its LLM.",
        'Move the NLU-based skills into flows, or keep serving them with Rasa.',
      );
    }
  });
  config.policies.forEach((policy, i) => {
    if (NLU_BASED_POLICIES.has(policy.name)) {
      report.warning(
        'config.nlu_based_policy',
        childOf(at, 'policies', i, 'name'),
        `'${policy.name}' is a policy of NLU-based dialogue (stories and rules), which colloquy does not run.`,
        'Describe those conversations as flows; FlowPolicy runs them.',
      );
    }
  });
}
