import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './format-diagnostic.ts';
import { loadProjectFromFiles } from './load-project.ts';

const project = (endpoints: string) => ({
  'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n',
  'domain.yml': 'responses:\n  utter_hi:\n    - text: Hi\n',
  'data/flows.yml': 'flows:\n  greet:\n    description: Greet.\n    steps:\n      - action: utter_hi\n',
  'endpoints.yml': endpoints,
});
const load = (endpoints: string) => loadProjectFromFiles(project(endpoints), '/p', { env: { KEY: 'k' } });
const group = (router: string) =>
  `model_groups:\n  - id: llm\n    models:\n      - provider: openai\n        model: a\n        api_key: \${KEY}\n      - provider: openai\n        model: b\n        api_base: http://127.0.0.1:9/v1\n${router}`;

describe('endpoints.yml model group routers', () => {
  it('reads the strategy, cache_responses and cooldown_time', () => {
    const { assistant, diagnostics } = load(group('    router:\n      routing_strategy: least-busy\n      cache_responses: true\n      cooldown_time: 2\n'));
    expect(diagnostics).toEqual([]);
    expect(assistant?.endpoints.modelGroups[0]?.router).toEqual({ routingStrategy: 'least-busy', cacheResponses: true, cooldownTime: 2 });
    expect(assistant?.endpoints.modelGroups[0]?.models[1]).toMatchObject({ model: 'b', apiBase: 'http://127.0.0.1:9/v1' });
  });

  it('defaults to simple-shuffle, as LiteLLM does', () => {
    expect(load(group('    router: {}\n')).assistant?.endpoints.modelGroups[0]?.router).toEqual({ routingStrategy: 'simple-shuffle', cacheResponses: false, cooldownTime: 5 });
  });

  it('refuses strategies colloquy does not run, naming the line', () => {
    expect(load(group('    router:\n      routing_strategy: cost-based-routing\n')).diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      "endpoints.yml:11:25 error model_groups[0].router.routing_strategy: routing strategy 'cost-based-routing' is not supported (it needs a price table of the models, which colloquy does not have). Fix: use one of: simple-shuffle, round-robin, least-busy, latency-based-routing, usage-based-routing, usage-based-routing-v2.",
    ]);
    expect(load(group('    router:\n      routing_strategy: fastest\n')).diagnostics.map((d) => d.message)).toEqual([
      "routing strategy 'fastest' is not supported.",
    ]);
  });

  it('warns about router keys it ignores, and refuses several models without a router', () => {
    expect(load(group('    router:\n      routing_strategy: round-robin\n      redis_host: localhost\n')).diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      "endpoints.yml:12:7 warning model_groups[0].router.redis_host: router key 'redis_host' is ignored: routing state and the response cache are kept per process. Fix: colloquy reads routing_strategy, cache_responses and cooldown_time.",
    ]);
    expect(load(group('')).diagnostics.map((d) => `${d.severity} ${d.message}`)).toEqual([
      "error model group 'llm' has 2 models but no 'router' (Rasa requires one).",
    ]);
  });
});
