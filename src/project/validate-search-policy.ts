/**
 * The EnterpriseSearchPolicy entry of config.yml: its keys and values, the documents folder of the
 * embedded store, the endpoints.yml `vector_store` of a remote one, model groups, the prompt file,
 * and whether `pattern_search` runs the search at all.
 * @module
 */
import { z } from 'zod';
import type { AssistantConfig, Endpoints } from '../core/assistant.ts';
import type { CodeProbe } from '../core/code-location.ts';
import type { Flow } from '../core/flows.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { suggestion } from './wording.ts';

const modelOption = z.looseObject({ model_group: z.string().min(1).optional() });

const policySchema = z.strictObject({
  name: z.literal('EnterpriseSearchPolicy'),
  vector_store: z
    .strictObject({
      type: z.string().min(1).optional(),
      source: z.string().min(1).optional(),
      threshold: z.number().min(0).max(1).optional(),
    })
    .optional(),
  llm: modelOption.optional(),
  embeddings: modelOption.optional(),
  prompt: z.string().min(1).optional(),
  prompt_template: z.string().min(1).optional(),
  use_generative_llm: z.boolean().optional(),
  citation_enabled: z.boolean().optional(),
  check_relevancy: z.boolean().optional(),
  trace_prompt_tokens: z.boolean().optional(),
  max_history: z.number().int().min(1).nullish(),
  max_messages_in_query: z.number().int().min(1).optional(),
  priority: z.number().optional(),
});

const STORE_TYPES = ['faiss', 'qdrant', 'milvus'];

export interface SearchPolicyParts {
  readonly config: AssistantConfig;
  readonly configOrigin: Origin;
  readonly endpoints: Endpoints;
  readonly endpointsOrigin: Origin | undefined;
  readonly flows: Readonly<Record<string, Flow>>;
  /** The project's files; absent for in-memory projects (no folder or file checks). */
  readonly probe?: CodeProbe;
}

export function checkSearchPolicy(p: SearchPolicyParts, report: Reporter): void {
  const index = p.config.policies.findIndex((policy) => policy.name === 'EnterpriseSearchPolicy');
  if (index < 0) return;
  const at = childOf(p.configOrigin, 'policies', index);
  const policy = p.config.policies[index]!;
  const options = checkSchema(policySchema, { name: policy.name, ...policy.options }, at, report, 'config.enterprise_search');
  if (!options) return;
  const endpointStore = p.endpoints.other.vector_store as Record<string, unknown> | undefined;
  const type = String(options.vector_store?.type ?? endpointStore?.type ?? 'faiss').toLowerCase();
  if (!STORE_TYPES.includes(type)) {
    report.error(
      'config.enterprise_search.vector_store_type',
      childOf(at, 'vector_store', 'type'),
      `vector store type '${type}' is not supported (custom Python retrievers cannot run in colloquy).`,
      `Use one of ${STORE_TYPES.join(', ')}.`,
    );
  } else if (type === 'faiss') {
    const source = options.vector_store?.source ?? './docs';
    if (p.probe && !p.probe.exists(source)) {
      report.error('config.enterprise_search.missing_source', childOf(at, ...(options.vector_store?.source ? ['vector_store', 'source'] : [])), `the documents folder '${source}' does not exist.`, 'Create it with .txt or .md files, or point vector_store.source at your documents.', options.vector_store?.source ? {} : { mode: 'key' });
    }
  } else if (typeof endpointStore?.collection !== 'string') {
    report.error(
      'config.enterprise_search.missing_vector_store',
      p.endpointsOrigin ? childOf(p.endpointsOrigin, ...(endpointStore ? ['vector_store'] : [])) : childOf(at, 'vector_store', 'type'),
      `the ${type} vector store needs 'vector_store' in endpoints.yml with a 'collection'.`,
      `Add 'vector_store: {type: ${type}, collection: <name>, host: <host>, port: <port>}' to endpoints.yml.`,
    );
  }
  for (const key of ['llm', 'embeddings'] as const) {
    const group = options[key]?.model_group;
    if (group !== undefined && !p.endpoints.modelGroups.some((g) => g.id === group)) {
      report.error('config.unknown_model_group', childOf(at, key, 'model_group'), `model group '${group}' is not defined in endpoints.yml.`, suggestion(group, p.endpoints.modelGroups.map((g) => g.id), "Add it under 'model_groups:' in endpoints.yml or correct the id."));
    }
  }
  const promptKey = options.prompt_template !== undefined ? 'prompt_template' : 'prompt';
  const prompt = options[promptKey];
  if (prompt !== undefined && p.probe && !p.probe.exists(prompt)) {
    report.error('config.enterprise_search.missing_prompt', childOf(at, promptKey), `the prompt template '${prompt}' does not exist.`, 'Check the path; it is relative to the project folder.');
  }
  if (options.use_generative_llm === false) {
    for (const key of ['citation_enabled', 'check_relevancy'] as const) {
      if (options[key] === true) report.warning('config.enterprise_search.needs_llm', childOf(at, key), `'${key}' has no effect with 'use_generative_llm: false'.`, `Remove '${key}', or let the LLM write the answers.`);
    }
  }
  const pattern = p.flows['pattern_search'];
  if (pattern && !pattern.steps.some((s) => s.kind === 'action' && s.action === 'action_trigger_search')) {
    report.warning(
      'config.enterprise_search.pattern_not_overridden',
      at,
      "'pattern_search' does not run 'action_trigger_search', so the EnterpriseSearchPolicy is never asked.",
      "Override pattern_search in a flows file with the step '- action: action_trigger_search'.",
      { mode: 'key' },
    );
  }
}
