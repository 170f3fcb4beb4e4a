/**
 * A project check for `validate`, `run`, `shell` and `test`: an LLM command generator whose provider
 * needs an API key that neither its model config nor the environment gives would end every turn in
 * `pattern_internal_error`, so it is reported before the first turn, at the generator in config.yml;
 * likewise the response rephraser's key and prompt file (endpoints.yml) and IntentlessPolicy's keys.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Assistant, ModelConfig, ModelGroup } from '../core/assistant.ts';
import { resolveModelOption } from '../core/model-config.ts';
import { DEFAULT_INTENTLESS_EMBEDDINGS, DEFAULT_INTENTLESS_LLM } from '../runtime/intentless/intentless-responder.ts';
import { DEFAULT_REPHRASER_LLM } from '../runtime/rephrase/response-rephraser.ts';
import { missingApiKey } from '../adapters/llm/provider-kind.ts';
import type { Env, ProjectFinding } from '../project/index.ts';
import { LLM_GENERATOR_VARIANTS, readGeneratorSettings } from '../understanding/llm/generator-settings.ts';
import { speechEngineFindings } from './speech-engine-check.ts';
import { readSearchSettings } from '../adapters/search/search-settings.ts';

export function llmKeyCheck(env: Env): (assistant: Assistant) => ProjectFinding[] {
  return (assistant) => [...generatorFindings(assistant, env), ...rephraserFindings(assistant, env), ...intentlessFindings(assistant, env), ...searchFindings(assistant, env), ...speechEngineFindings(assistant, env)];
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

/**
 * The rephraser (`nlg: {type: rephrase}`) without its API key, or without its prompt file, would
 * send every response as written (or not start): said before the first turn.
 */
function rephraserFindings(assistant: Assistant, env: Env): ProjectFinding[] {
  const config = assistant.endpoints.rephraser;
  if (!config) return [];
  const findings: ProjectFinding[] = [];
  if (config.prompt !== undefined && !existsSync(path.resolve(assistant.root, config.prompt))) {
    findings.push({
      severity: 'error',
      file: 'endpoints.yml',
      path: ['nlg', 'prompt'],
      code: 'endpoints.nlg.prompt_missing',
      message: `the rephraser's prompt template '${config.prompt}' does not exist.`,
      hint: 'Give the path of a Jinja template, relative to the project folder, or remove "prompt" to use the default.',
    });
  }
  const missing = missingKeyOf(config.llm, DEFAULT_REPHRASER_LLM, assistant, env);
  if (missing) {
    findings.push({
      severity: 'warning',
      file: 'endpoints.yml',
      path: config.llm ? ['nlg', 'llm'] : ['nlg', 'type'],
      code: 'endpoints.nlg.missing_api_key',
      message: `the rephraser calls provider '${missing.provider}', but ${missing.what}: every response would be sent as written.`,
      hint: missing.hint,
    });
  }
  return findings;
}

/** IntentlessPolicy without the key of its LLM or embeddings would answer every chitchat with utter_cannot_handle. */
function intentlessFindings(assistant: Assistant, env: Env): ProjectFinding[] {
  return assistant.config.policies.flatMap((policy, i) => {
    if (policy.name !== 'IntentlessPolicy') return [];
    return (['llm', 'embeddings'] as const).flatMap((key) => {
      const missing = missingKeyOf(policy.options[key], key === 'llm' ? DEFAULT_INTENTLESS_LLM : DEFAULT_INTENTLESS_EMBEDDINGS, assistant, env);
      if (!missing) return [];
      return [
        {
          severity: 'warning' as const,
          file: 'config.yml',
          path: key in policy.options ? ['policies', i, key] : ['policies', i, 'name'],
          code: 'config.intentless.missing_api_key',
          message: `IntentlessPolicy calls provider '${missing.provider}' for its ${key === 'llm' ? 'LLM' : 'embeddings'}, but ${missing.what}: every chitchat would get utter_cannot_handle.`,
          hint: missing.hint,
        },
      ];
    });
  });
}

/** The first model of an `llm:`/`embeddings:` option that lacks its API key, described for a finding. */
function missingKeyOf(option: unknown, fallback: ModelConfig, assistant: Assistant, env: Env): { provider: string; what: string; hint: string } | undefined {
  let model: ModelConfig | ModelGroup;
  try {
    model = resolveModelOption(option, fallback, assistant.endpoints.modelGroups);
  } catch {
    return undefined; // an unknown model group is reported by the project check
  }
  const found = modelsOf(model).map((m) => [m, missingApiKey(m, env)] as const).find(([, what]) => what !== undefined);
  if (!found) return undefined;
  const [m, what] = found;
  return what === 'api_key'
    ? { provider: m.provider, what: "the model sets no 'api_key'", hint: "Add 'api_key: ${AZURE_API_KEY}' to the model in endpoints.yml and set that variable." }
    : { provider: m.provider, what: `${what} is not set`, hint: `Set ${what} (export ${what}=...) before running.` };
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
