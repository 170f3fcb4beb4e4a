/**
 * Picks the custom-action runner that `action_endpoint` in endpoints.yml asks for.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { ActionRunner } from '../../ports/action-runner.ts';
import { HttpActionRunner } from './http-action-runner.ts';
import { ModuleActionRunner } from './module-action-runner.ts';

/** Claims no action: the project has no custom actions. */
export const NO_ACTIONS: ActionRunner = {
  has: () => false,
  run: (call) => Promise.reject(new Error(`No action endpoint is configured to run '${call.name}'.`)),
};

/** `url` → the action server; `actions_module` → in-process actions; neither → `NO_ACTIONS`. `timeout` is in seconds. */
export async function createActionRunner(assistant: Assistant): Promise<ActionRunner> {
  const endpoint = assistant.endpoints.actionEndpoint;
  if (!endpoint) return NO_ACTIONS;
  const options = {
    timeoutMs: endpoint.timeout === undefined ? undefined : endpoint.timeout * 1000,
    selectiveDomain: endpoint.enableSelectiveDomain,
  };
  if (endpoint.url) return new HttpActionRunner({ url: endpoint.url, domain: assistant.domain, ...options });
  if (endpoint.actionsModule) return ModuleActionRunner.load(assistant.root, endpoint.actionsModule, options);
  return NO_ACTIONS;
}
