/**
 * Picks the custom-action runner that `action_endpoint` in endpoints.yml asks for.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { ActionRunner } from '../../ports/action-runner.ts';
import { ModuleActionRunner } from './module-action-runner.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectFiles } from '../project-module.ts';
import { locateActionsModule } from '../../core/code-location.ts';
import { compiledModuleUrl } from '../code-cache/compiled-module.ts';

/** Claims no action: the project has no custom actions. */
export const NO_ACTIONS: ActionRunner = {
  has: () => false,
  run: (call) => Promise.reject(new Error(`No action endpoint is configured to run '${call.name}'.`)),
};

/**
 * As Rasa resolves `action_endpoint`: an `actions_module` of TypeScript/JavaScript runs in process
 * (even when `url` is set too); otherwise `url` is the action server — which is where a Rasa
 * project's Python `actions_module` runs (`rasa run actions`). Neither → `NO_ACTIONS`. `timeout` is in seconds.
 */
export async function createActionRunner(assistant: Assistant): Promise<ActionRunner> {
  const endpoint = assistant.endpoints.actionEndpoint;
  if (!endpoint) return NO_ACTIONS;
  const options = {
    timeoutMs: endpoint.timeout === undefined ? undefined : endpoint.timeout * 1000,
    selectiveDomain: endpoint.enableSelectiveDomain,
  };
  const inProcess = endpoint.actionsModule !== undefined && locateActionsModule(endpoint.actionsModule, projectFiles(assistant.root)).kind === 'script';
  if (inProcess || (endpoint.actionsModule !== undefined && !endpoint.url)) return ModuleActionRunner.load(assistant.root, endpoint.actionsModule, options);
  // Imported only for an action server: it brings the OpenTelemetry API (trace headers) along.
  if (endpoint.url) return new (await import('./http-action-runner.ts')).HttpActionRunner({ url: endpoint.url, domain: assistant.domain, ...options });
  return NO_ACTIONS;
}

/**
 * Compiles the project's in-process TypeScript actions into its code cache ahead of any start
 * (`colloquy train`), so a server on a read-only copy of the project (a container image) imports
 * them without compiling. The compiled file, or `undefined` when there is nothing to compile or it
 * cannot be compiled (a start then loads the actions as it would have).
 */
export async function precompileActions(assistant: Assistant): Promise<string | undefined> {
  const actionsModule = assistant.endpoints.actionEndpoint?.actionsModule;
  if (actionsModule === undefined) return undefined;
  const found = locateActionsModule(actionsModule, projectFiles(assistant.root));
  if (found.kind !== 'script' || !/\.[cm]?tsx?$/.test(found.file)) return undefined;
  const url = await compiledModuleUrl(join(assistant.root, found.file), assistant.root);
  return url === undefined ? undefined : fileURLToPath(url);
}
