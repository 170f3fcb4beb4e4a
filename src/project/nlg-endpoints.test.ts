import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './format-diagnostic.ts';
import { loadProjectFromFiles } from './load-project.ts';

const project = (endpoints: string) => ({
  'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n',
  'domain.yml': 'responses:\n  utter_hi:\n    - text: Hi\n      metadata:\n        rephrase: true\n',
  'data/flows.yml': 'flows:\n  greet:\n    description: Greet.\n    steps:\n      - action: utter_hi\n',
  'endpoints.yml': endpoints,
});
const load = (endpoints: string) => loadProjectFromFiles(project(endpoints), '/p', { env: {} });
const diagnostics = (endpoints: string) => load(endpoints).diagnostics.map((d) => formatDiagnostic(d));

describe('endpoints.yml nlg', () => {
  it("reads the rephraser's settings, with Rasa's defaults", () => {
    expect(load('nlg:\n  type: rephrase\n').assistant?.endpoints.rephraser).toEqual({ rephraseAll: false, summarizeHistory: true, maxHistoricalTurns: 5 });
    const { assistant, diagnostics: found } = load(
      'nlg:\n  type: rephrase\n  rephrase_all: true\n  summarize_history: false\n  max_historical_turns: 3\n  prompt: prompts/rephrase.jinja2\n  llm:\n    model_group: nlg\nmodel_groups:\n  - id: nlg\n    models:\n      - provider: openai_compatible\n        model: m\n        api_base: http://127.0.0.1:1/v1\n',
    );
    expect(found).toEqual([]);
    expect(assistant?.endpoints.rephraser).toEqual({ llm: { model_group: 'nlg' }, prompt: 'prompts/rephrase.jinja2', rephraseAll: true, summarizeHistory: false, maxHistoricalTurns: 3 });
  });

  it('names an unknown model group, an unknown type and an NLG server with their lines', () => {
    expect(diagnostics('nlg:\n  type: rephrase\n  llm:\n    model_group: nope\n')).toEqual([
      "endpoints.yml:4:18 error nlg.llm.model_group: the rephraser's model group 'nope' is not defined (defined: none). Fix: add it under 'model_groups', or name one that exists.",
    ]);
    expect(diagnostics('nlg:\n  type: template\n')).toEqual(["endpoints.yml:2:9 error nlg.type: nlg type 'template' is not supported. Fix: use 'type: rephrase' (the Contextual Response Rephraser)."]);
    expect(diagnostics('nlg:\n  url: http://localhost:5056/nlg\n')).toEqual([
      "endpoints.yml:2:8 warning nlg.url: an NLG server (nlg: url) is not called by colloquy: responses come from the domain. Fix: remove 'nlg', or use 'type: rephrase' to rephrase responses with an LLM.",
    ]);
  });
});
