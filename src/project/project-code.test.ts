import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from './load-project.ts';

const CONFIG = 'recipe: default.v1\nassistant_id: code_check\nlanguage: en\n';
const DOMAIN = 'version: "3.1"\nactions:\n  - action_lookup\nresponses:\n  utter_done:\n    - text: Done.\n';
const FLOWS = 'flows:\n  lookup:\n    description: look something up\n    steps:\n      - action: action_lookup\n      - action: utter_done\n';

/** A project on disk with these extra files (project-relative path → content). */
function projectWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'colloquy-code-'));
  for (const [path, text] of Object.entries({ 'config.yml': CONFIG, 'domain.yml': DOMAIN, 'data/flows.yml': FLOWS, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const PYTHON_ACTION = 'from rasa_sdk import Action\n\nclass Lookup(Action):\n    def name(self):\n        return "action_lookup"\n';

describe('Python code in a project', () => {
  it('an actions_module of Python actions without a url is an error that says how to run them', async () => {
    const root = projectWith({ 'endpoints.yml': 'action_endpoint:\n  actions_module: "actions"\n', 'actions/lookup.py': PYTHON_ACTION });
    const { diagnostics } = await loadProject(root);
    const error = diagnostics.find((d) => d.code === 'endpoints.action_endpoint.python');
    expect(error).toMatchObject({ severity: 'error', file: 'endpoints.yml', line: 2 });
    expect(error!.message).toContain("actions_module 'actions' holds Python actions");
    expect(error!.hint).toContain('rasa run actions');
    expect(error!.hint).toContain('url: http://localhost:5055/webhook');
  });

  it('an actions_module of Python actions beside action_endpoint.url loads clean (the action server runs them)', async () => {
    const root = projectWith({ 'endpoints.yml': 'action_endpoint:\n  actions_module: actions\n  url: http://localhost:5055/webhook\n', 'actions.py': PYTHON_ACTION });
    const { assistant, diagnostics } = await loadProject(root, { env: {} });
    expect(diagnostics.filter((d) => d.file === 'endpoints.yml')).toEqual([]);
    expect(assistant?.endpoints.actionEndpoint).toEqual({ actionsModule: 'actions', url: 'http://localhost:5055/webhook' });
  });

  it('a TypeScript actions_module beside a url is used, with a warning that the url is not (as Rasa)', async () => {
    const root = projectWith({ 'endpoints.yml': 'action_endpoint:\n  actions_module: actions\n  url: http://localhost:5055/webhook\n', 'actions/index.ts': 'export default {};\n' });
    const { diagnostics } = await loadProject(root);
    expect(diagnostics.find((d) => d.code === 'endpoints.action_endpoint.both')).toMatchObject({ severity: 'warning', message: expect.stringContaining('actions/index.ts run in process') });
  });

  it('an actions_module that does not exist is an error naming the files looked for', async () => {
    const root = projectWith({ 'endpoints.yml': 'action_endpoint:\n  actions_module: my.actions\n' });
    const { diagnostics } = await loadProject(root);
    expect(diagnostics.find((d) => d.code === 'endpoints.action_endpoint.missing_module')?.message).toContain('my/actions.ts');
  });

  it('a sub-agent module naming a Python class is an error', async () => {
    const root = projectWith({
      'sub_agents/helper/config.yml': 'agent:\n  name: helper\n  description: helps\n  protocol: RASA\nconfiguration:\n  module: sub_agents.helper.custom.HelperAgent\n',
      'sub_agents/helper/custom.py': 'class HelperAgent:\n    pass\n',
    });
    const { diagnostics } = await loadProject(root, { env: {} });
    const error = diagnostics.find((d) => d.code === 'sub_agent.python_module');
    expect(error).toMatchObject({ severity: 'error', file: 'sub_agents/helper/config.yml', line: 6 });
    expect(error!.hint).toContain('ReactAgentCustomization');
  });
});
