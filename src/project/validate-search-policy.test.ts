import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './format-diagnostic.ts';
import { loadProjectFromFiles } from './load-project.ts';

const base = {
  'domain.yml': 'version: "3.1"\nresponses:\n  utter_hi:\n    - text: Hi\n',
  'data/flows.yml': 'flows:\n  greet:\n    description: say hi\n    steps:\n      - action: utter_hi\n  pattern_search:\n    description: search\n    steps:\n      - action: action_trigger_search\n',
};
const files = new Set(['docs', 'prompts/search.jinja2']);
const probe = { exists: (path: string) => files.has(path.replace(/^\.\//, '')), list: () => [] };

function diagnosticsOf(policy: string, extra: Record<string, string> = {}): string[] {
  const config = `recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\npolicies:\n  - name: FlowPolicy\n  - name: EnterpriseSearchPolicy\n${policy}`;
  const { diagnostics } = loadProjectFromFiles({ ...base, 'config.yml': config, ...extra }, '/p', { env: {}, codeProbe: probe });
  return diagnostics.map((d) => formatDiagnostic(d).split(' Fix: ')[0]!);
}

describe('EnterpriseSearchPolicy settings', () => {
  it('accepts Rasa’s keys with valid values', () => {
    expect(diagnosticsOf('    vector_store:\n      type: faiss\n      source: docs\n      threshold: 0.5\n    citation_enabled: true\n    check_relevancy: true\n    max_history: 4\n    max_messages_in_query: 3\n    prompt_template: prompts/search.jinja2\n')).toEqual([]);
  });

  it('reports wrong values, unknown keys and missing files at file:line:column', () => {
    expect(diagnosticsOf('    max_messages_in_query: 0\n')).toEqual(['config.yml:9:28 error policies[1].max_messages_in_query: must be at least 1.']);
    expect(diagnosticsOf('    citation_enabled: "yes"\n')).toEqual([expect.stringMatching(/^config\.yml:9:23 error policies\[1\]\.citation_enabled: expected true or false/)]);
    expect(diagnosticsOf('    vector_store:\n      source: knowledge\n')).toEqual(["config.yml:10:15 error policies[1].vector_store.source: the documents folder 'knowledge' does not exist."]);
    expect(diagnosticsOf('    vector_store:\n      type: my_module.Retriever\n')).toEqual([expect.stringMatching(/^config\.yml:10:13 error policies\[1\]\.vector_store\.type: vector store type 'my_module\.retriever' is not supported/)]);
    expect(diagnosticsOf('    prompt: prompts/missing.jinja2\n')).toEqual(["config.yml:9:13 error policies[1].prompt: the prompt template 'prompts/missing.jinja2' does not exist."]);
    expect(diagnosticsOf('    llm:\n      model_group: nope\n')).toEqual([expect.stringMatching(/^config\.yml:10:20 error policies\[1\]\.llm\.model_group: model group 'nope' is not defined in endpoints\.yml\./)]);
    expect(diagnosticsOf('    max_histroy: 3\n')).toEqual([expect.stringMatching(/^config\.yml:9:5 warning policies\[1\]\.max_histroy: unknown key 'max_histroy' \(ignored\)\./)]);
  });

  it('needs endpoints.yml vector_store for qdrant and milvus', () => {
    expect(diagnosticsOf('    vector_store:\n      type: qdrant\n')).toEqual([expect.stringMatching(/^config\.yml:10:13 error .*the qdrant vector store needs 'vector_store' in endpoints\.yml/)]);
    expect(diagnosticsOf('    vector_store:\n      type: milvus\n', { 'endpoints.yml': 'vector_store:\n  type: milvus\n  host: localhost\n' })).toEqual([
      expect.stringMatching(/^endpoints\.yml:2:3 error vector_store: the milvus vector store needs/),
    ]);
    expect(diagnosticsOf('    vector_store:\n      type: qdrant\n', { 'endpoints.yml': 'vector_store:\n  type: qdrant\n  collection: faq\n' })).toEqual([]);
  });

  it('warns when pattern_search never runs the search, and about LLM-only keys without the LLM', () => {
    const { diagnostics } = loadProjectFromFiles(
      { ...base, 'data/flows.yml': 'flows:\n  greet:\n    description: say hi\n    steps:\n      - action: utter_hi\n', 'config.yml': 'assistant_id: t\npolicies:\n  - name: EnterpriseSearchPolicy\n    use_generative_llm: false\n    check_relevancy: true\n' },
      '/p',
      { env: {}, codeProbe: probe },
    );
    expect(diagnostics.map((d) => formatDiagnostic(d).split(' Fix: ')[0]!)).toEqual([
      "config.yml:3:5 warning policies[0]: 'pattern_search' does not run 'action_trigger_search', so the EnterpriseSearchPolicy is never asked.",
      "config.yml:5:22 warning policies[0].check_relevancy: 'check_relevancy' has no effect with 'use_generative_llm: false'.",
    ]);
  });
});
