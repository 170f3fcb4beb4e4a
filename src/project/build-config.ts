/**
 * Builds AssistantConfig from `config.yml`.
 * @module
 */
import type { z } from 'zod';
import type { AssistantConfig, PipelineComponent } from '../core/assistant.ts';
import { isKnownTimeZone } from '../core/time-zone.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkDialogueSystems } from './check-dialogue-systems.ts';
import { checkSchema } from './schema-check.ts';
import { configFileSchema } from './schemas/file-schemas.ts';

/** Rasa's placeholder when config.yml has no assistant_id. */
export const PLACEHOLDER_ASSISTANT_ID = 'placeholder_default';

export function buildConfig(data: unknown, at: Origin, report: Reporter): AssistantConfig {
  const c = checkSchema(configFileSchema, data ?? {}, at, report, 'config') ?? ({} as z.output<typeof configFileSchema>);
  if (c.assistant_id === undefined) {
    report.warning('config.missing_assistant_id', at, "'assistant_id' is not set.", "Add 'assistant_id: <unique name>' to config.yml; it identifies the assistant in tracing and A2A.");
  }
  (c.pipeline ?? []).forEach((component, i) => checkTimeZone(component.timezone, childOf(at, 'pipeline', i, 'timezone'), report));
  const config: AssistantConfig = {
    recipe: c.recipe ?? 'default.v1',
    language: c.language ?? 'en',
    additionalLanguages: c.additional_languages ?? [],
    assistantId: c.assistant_id !== undefined ? String(c.assistant_id) : PLACEHOLDER_ASSISTANT_ID,
    pipeline: (c.pipeline ?? []).map(toComponent),
    policies: (c.policies ?? []).map(toComponent),
  };
  checkDialogueSystems(config, at, report);
  return config;
}

/** A component's `timezone` (for `current_datetime` in prompts) must be an IANA name, as Rasa requires. */
function checkTimeZone(timezone: unknown, at: Origin, report: Reporter): void {
  if (timezone === undefined || (typeof timezone === 'string' && isKnownTimeZone(timezone))) return;
  report.error('config.invalid_timezone', at, `'${String(timezone)}' is not an IANA time zone name.`, "Use a name like 'UTC', 'Europe/Berlin' or 'America/New_York'.");
}

function toComponent({ name, ...options }: { name: string; [key: string]: unknown }): PipelineComponent {
  return { name, options };
}

/** Every `model_group` reference in the pipeline (`llm` and `flow_retrieval.embeddings`), with its origin. */
export function modelGroupRefsOfConfig(config: AssistantConfig, at: Origin): { id: string; origin: Origin }[] {
  return config.pipeline.flatMap((component, i) => {
    const refs: { id: string; origin: Origin }[] = [];
    const llm = component.options.llm as { model_group?: unknown } | undefined;
    if (typeof llm?.model_group === 'string') refs.push({ id: llm.model_group, origin: childOf(at, 'pipeline', i, 'llm', 'model_group') });
    const embeddings = (component.options.flow_retrieval as { embeddings?: { model_group?: unknown } } | undefined)?.embeddings;
    if (typeof embeddings?.model_group === 'string') {
      refs.push({ id: embeddings.model_group, origin: childOf(at, 'pipeline', i, 'flow_retrieval', 'embeddings', 'model_group') });
    }
    return refs;
  });
}
