/**
 * Code a project points at (`action_endpoint.actions_module`, a sub-agent's `module:`): which
 * language it is written in. colloquy runs TypeScript/JavaScript in process; Python code of a Rasa
 * project runs in rasa-sdk's action server, reached through `action_endpoint.url`.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoints, SubAgentConfig } from '../core/assistant.ts';
import { locateActionsModule, type CodeProbe } from '../core/code-location.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';

/** The project's files on disk. */
export function diskProbe(root: string): CodeProbe {
  return {
    exists: (path) => existsSync(join(root, path)),
    list: (folder) => {
      try {
        return readdirSync(join(root, folder));
      } catch {
        return [];
      }
    },
  };
}

/** A sub-agent `module:` naming Python code: a `.py` path, or a dotted class path whose module is a `.py` file. */
function isPythonModule(modulePath: string, probe: CodeProbe): boolean {
  const pathPart = modulePath.split('#')[0]!;
  if (pathPart.endsWith('.py')) return true;
  if (/[/\\]/.test(pathPart) || probe.exists(pathPart)) return false;
  const segments = pathPart.split('.').slice(0, -1);
  if (segments.length === 0) return false;
  const base = segments.join('/');
  return probe.exists(`${base}.py`) && !['.ts', '.mts', '.js', '.mjs'].some((ext) => probe.exists(base + ext));
}

const RUN_PYTHON_ACTIONS =
  "Run them with rasa-sdk's action server (`pip install rasa-sdk`, then `rasa run actions` in the project folder, port 5055) and set 'action_endpoint: url: http://localhost:5055/webhook' in endpoints.yml; or rewrite them as TypeScript actions (see README, actions/).";

/** Reports actions modules and sub-agent modules colloquy cannot run, as Rasa resolves them. */
export function checkProjectCode(
  endpoints: Endpoints,
  endpointsOrigin: Origin | undefined,
  subAgents: Readonly<Record<string, SubAgentConfig>>,
  subAgentOrigins: ReadonlyMap<string, Origin>,
  probe: CodeProbe,
  report: Reporter,
): void {
  const action = endpoints.actionEndpoint;
  if (action?.actionsModule !== undefined && endpointsOrigin) {
    const at = childOf(endpointsOrigin, 'action_endpoint', 'actions_module');
    const found = locateActionsModule(action.actionsModule, probe);
    if (found.kind === 'script' && action.url) {
      // Rasa: both set → the module wins, with a warning.
      report.warning('endpoints.action_endpoint.both', at, `both 'actions_module' and 'url' are set; the actions in ${found.file} run in process and 'url' is not used.`, "Remove 'url', or remove 'actions_module' to call the action server.");
    } else if (found.kind === 'python' && !action.url) {
      report.error('endpoints.action_endpoint.python', at, `actions_module '${action.actionsModule}' holds Python actions, which colloquy cannot run in process.`, RUN_PYTHON_ACTIONS);
    } else if (found.kind === 'missing' && !action.url) {
      report.error('endpoints.action_endpoint.missing_module', at, `actions_module '${action.actionsModule}' does not exist (looked for ${found.tried.join(', ')}).`, 'Check the module path for typos, or create the module.');
    }
  }
  for (const [name, agent] of Object.entries(subAgents)) {
    const module = agent.configuration.module;
    const origin = subAgentOrigins.get(name);
    if (module === undefined || !origin || !isPythonModule(module, probe)) continue;
    report.error(
      'sub_agent.python_module',
      { file: origin.file, path: ['configuration', 'module'] },
      `sub-agent '${name}': module '${module}' is a Python class, which colloquy cannot load.`,
      `Write the customisation as a TypeScript class (a file path such as '${agent.dir}/custom.ts' whose default export extends ${agent.protocol === 'A2A' ? 'A2aAgentCustomization' : 'ReactAgentCustomization'}).`,
    );
  }
}
