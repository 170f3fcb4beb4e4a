/**
 * A project check for `validate`, `run`, `shell` and `test`: an LLM command generator whose provider
 * needs an API key that neither its model config nor the environment gives would end every turn in
 * `pattern_internal_error`, so it is reported before the first turn, at the generator in config.yml.
 * @module
 */
import type { Assistant, ModelConfig, ModelGroup } from '../core/assistant.ts';
import { missingApiKey } from '../adapters/llm/provider-kind.ts';
import type { Env, ProjectFinding } from '../project/index.ts';
import { LLM_GENERATOR_VARIANTS, readGeneratorSettings } from '../understanding/llm/generator-settings.ts';
import { readSearchSettings } from '../adapters/search/search-settings.ts';

export function llmKeyCheck(env: Env): (assistant: Assistant) => ProjectFinding[] {
  return (assistant) => [...generatorFindings(assistant, env), ...searchFindings(assistant, env)];
}

function generatorFindings(assistant: Assistant, env: Env): ProjectFinding[] {
  return assistant.config.pipeline.flatMap((component, i) => {
      if (!(component.name in LLM_GENERATOR_VARIANTS)) return [];
      let settings;
      try {
        settings = readGeneratorSettings(component, assistant);
      } catch {
        return []; // a broken generator config fails on its own, with its own message
      }
      const uses: [string, ModelConfig | ModelGroup][] = [['llm', settings.llm]];
      if (settings.flowRetrieval.active) uses.push(['flow_retrieval', settings.flowRetrieval.embeddings]);
      return uses.flatMap(([key, model]) => {
        const missing = modelsOf(model).map((m) => [m, missingApiKey(m, env)] as const).find(([, what]) => what !== undefined);
        if (!missing) return [];
        const [config, what] = missing;
        const purpose = key === 'llm' ? 'its LLM' : 'flow retrieval embeddings';
        return [
          {
            severity: 'warning' as const,
            file: 'config.yml',
            path: key in component.options ? ['pipeline', i, key] : ['pipeline', i, 'name'],
            code: 'config.llm.missing_api_key',
            message: `${component.name} calls provider '${config.provider}' for ${purpose}, but ${what === 'api_key' ? "the model sets no 'api_key'" : `${what} is not set`}: every turn would end in pattern_internal_error.`,
            hint:
              what === 'api_key'
                ? "Add 'api_key: ${AZURE_API_KEY}' to the model in endpoints.yml and set that variable, or use OfflineCommandGenerator."
                : `Set ${what} (export ${what}=...) before running, or use OfflineCommandGenerator to work offline.`,
          },
        ];
      });
    });
}

/** The EnterpriseSearchPolicy's LLM and embeddings: without their key every knowledge answer is an internal error. */
function searchFindings(assistant: Assistant, env: Env): ProjectFinding[] {
  const index = assistant.config.policies.findIndex((p) => p.name === 'EnterpriseSearchPolicy');
  if (index < 0) return [];
  const policy = assistant.config.policies[index]!;
  let settings;
  try {
    settings = readSearchSettings(assistant, policy);
  } catch {
    return [];
  }
  const uses: [string, ModelConfig | ModelGroup][] = [];
  if (settings.useGenerativeLlm) uses.push(['llm', settings.llm]);
  if (settings.embeddings) uses.push(['embeddings', settings.embeddings]);
  return uses.flatMap(([key, model]) => {
    const what = modelsOf(model).map((m) => missingApiKey(m, env)).find((w) => w !== undefined);
    if (what === undefined) return [];
    return [
      {
        severity: 'warning' as const,
        file: 'config.yml',
        path: key in policy.options ? ['policies', index, key] : ['policies', index, 'name'],
        code: 'config.llm.missing_api_key',
        message: `EnterpriseSearchPolicy calls a model for its ${key === 'llm' ? 'answers' : 'embeddings'}, but ${what === 'api_key' ? "the model sets no 'api_key'" : `${what} is not set`}: every knowledge answer would end in pattern_internal_error.`,
        hint: `Set ${what === 'api_key' ? "'api_key' on the model" : what}, or answer offline with 'use_generative_llm: false' and no 'embeddings'.`,
      },
    ];
  });
}

function modelsOf(model: ModelConfig | ModelGroup): readonly ModelConfig[] {
  return 'models' in model ? model.models : [model];
}
