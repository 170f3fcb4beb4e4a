/**
 * The `pipeline` of config.yml as one command generator. As in Rasa, components run in order and the
 * first that predicts any command wins. With no LLM generator configured, the offline generator runs
 * (also in place of `NLUCommandAdapter`), so a project works with no API key. Beside an LLM generator,
 * `NLUCommandAdapter` is not run: the offline generator predicts far more than nlu_trigger starts and
 * would pre-empt the LLM.
 * @module
 */
import type { Assistant, PipelineComponent } from '../core/assistant.ts';
import { COEXISTENCE_ROUTERS, routeEverythingToCalm } from './coexistence/calm-routing.ts';
import type { CommandGenerator, UnderstandingInput, UnderstandingResult } from './command-generator.ts';
import { createLlmCommandGenerator, LLM_GENERATOR_VARIANTS, type LlmGeneratorDeps } from './llm/index.ts';
import { createOfflineCommandGenerator, type OfflineModel } from './offline/index.ts';
import { maxCharactersOf } from './user-input.ts';

export const OFFLINE_GENERATOR_NAME = 'OfflineCommandGenerator';
const NLU_ADAPTER_NAME = 'NLUCommandAdapter';

export interface PipelineDeps extends LlmGeneratorDeps {
  /** The offline model trained by `colloquy train`; trained on the fly when absent. */
  readonly offlineModel?: OfflineModel;
  readonly warn?: (message: string) => void;
}

export function createPipeline(assistant: Assistant, deps: PipelineDeps): CommandGenerator {
  const generators: CommandGenerator[] = [];
  const hasLlm = assistant.config.pipeline.some((c) => c.name in LLM_GENERATOR_VARIANTS);
  for (const component of assistant.config.pipeline) {
    if (component.name in LLM_GENERATOR_VARIANTS) generators.push(createLlmCommandGenerator(component, assistant, deps));
    else if (component.name === OFFLINE_GENERATOR_NAME) generators.push(offline(assistant, deps, component));
    else if (component.name === NLU_ADAPTER_NAME && hasLlm) deps.warn?.(`'${NLU_ADAPTER_NAME}' is not run beside an LLM command generator`);
    else if (component.name !== NLU_ADAPTER_NAME && !COEXISTENCE_ROUTERS.has(component.name)) deps.warn?.(`pipeline component '${component.name}' is not supported by colloquy and is ignored`);
  }
  // standing in for NLUCommandAdapter, the offline generator takes its `user_input` settings
  if (generators.length === 0) generators.push(offline(assistant, deps, assistant.config.pipeline.find((c) => c.name === NLU_ADAPTER_NAME)));
  return routeEverythingToCalm(assistant, generators.length === 1 ? generators[0]! : new FirstThatPredicts(generators));
}

/** The command generators the pipeline runs, in order: the configured ones, or the offline one. */
export function generatorNames(assistant: Assistant): string[] {
  const names = assistant.config.pipeline.map((c) => c.name).filter((name) => name in LLM_GENERATOR_VARIANTS || name === OFFLINE_GENERATOR_NAME);
  return names.length > 0 ? names : [OFFLINE_GENERATOR_NAME];
}

function offline(assistant: Assistant, deps: PipelineDeps, component: PipelineComponent | undefined): CommandGenerator {
  return createOfflineCommandGenerator(assistant, deps.offlineModel, { maxCharacters: maxCharactersOf(component) });
}

class FirstThatPredicts implements CommandGenerator {
  readonly #generators: readonly CommandGenerator[];

  constructor(generators: readonly CommandGenerator[]) {
    this.#generators = generators;
  }

  async predict(input: UnderstandingInput): Promise<UnderstandingResult> {
    let last: UnderstandingResult = { commands: [] };
    for (const generator of this.#generators) {
      last = await generator.predict(input);
      if (last.commands.some((c) => c.command !== 'cannot handle')) return last;
    }
    return last;
  }
}
