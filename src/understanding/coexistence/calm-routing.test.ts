import { describe, expect, it } from 'vitest';
import { newConversation } from '../../core/engine/index.ts';
import { formatDiagnostic } from '../../project/format-diagnostic.ts';
import { loadProjectFromFiles } from '../../project/load-project.ts';
import { createPipeline } from '../pipeline.ts';

const files = (pipelineExtra: string, policies = '  - name: FlowPolicy\n', slots = '  route_session_to_calm:\n    type: bool\n    mappings:\n      - type: controlled\n') => ({
  'config.yml': `recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n${pipelineExtra}  - name: OfflineCommandGenerator\npolicies:\n${policies}`,
  'domain.yml': `slots:\n${slots}responses:\n  utter_hi:\n    - text: Hi\n`,
  'data/flows.yml': 'flows:\n  greet:\n    description: Greet the user.\n    steps:\n      - action: utter_hi\n      - action: action_reset_routing\n',
});
const load = (...args: Parameters<typeof files>) => loadProjectFromFiles(files(...args), '/p', { env: {} });
const ROUTER = '  - name: IntentBasedRouter\n    nlu_entry:\n      sticky: [transfer_money]\n      non_sticky: [chitchat]\n    calm_entry:\n      sticky: [greet]\n';
const noLlm = { llmClientFor: () => { throw new Error('no LLM here'); } };

describe('coexistence routers in a CALM-only runtime', () => {
  it('routes a new routing session to CALM by setting route_session_to_calm', async () => {
    const assistant = load(ROUTER).assistant!;
    const generator = createPipeline(assistant, noLlm);
    const state = newConversation(assistant, 'u');
    const { commands } = await generator.predict({ assistant, state, text: 'hello' });
    expect(commands[0]).toEqual({ command: 'set slot', name: 'route_session_to_calm', value: true });
    const routed = await generator.predict({ assistant, state: { ...state, slots: { ...state.slots, route_session_to_calm: true } }, text: 'hello' });
    expect(routed.commands.some((c) => c.command === 'set slot' && c.name === 'route_session_to_calm')).toBe(false);
  });

  it('adds nothing without a router, or when the domain has no routing slot', async () => {
    for (const assistant of [load('').assistant!, load(ROUTER, undefined, '').assistant!]) {
      const { commands } = await createPipeline(assistant, noLlm).predict({ assistant, state: newConversation(assistant, 'u'), text: 'hello' });
      expect(commands.some((c) => c.command === 'set slot' && c.name === 'route_session_to_calm')).toBe(false);
    }
  });

  it('warns, with lines, about the NLU-based system colloquy does not run (and not about IntentlessPolicy, which it runs)', () => {
    const { diagnostics } = load(ROUTER + '  - name: LLMBasedRouter\n', '  - name: FlowPolicy\n  - name: RulePolicy\n  - name: IntentlessPolicy\n');
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'config.yml:6:5 warning pipeline[0].nlu_entry: colloquy runs only CALM: messages with the nlu_entry intents (transfer_money, chitchat) are handled by CALM too. Fix: move those skills into flows, or keep serving them with Rasa.',
      'config.yml:11:11 warning pipeline[1].name: colloquy runs only CALM: LLMBasedRouter sends every message to CALM without calling its LLM. Fix: move the NLU-based skills into flows, or keep serving them with Rasa.',
      "config.yml:15:11 warning policies[1].name: 'RulePolicy' is a policy of NLU-based dialogue (stories and rules), which colloquy does not run. Fix: describe those conversations as flows; FlowPolicy runs them.",
    ]);
  });
});
