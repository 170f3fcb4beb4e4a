/**
 * Runs in-process TypeScript actions from the project's `actions/` module (`actions_module` in
 * endpoints.yml). The module's default export (or its `actions` export) maps action names to
 * `ActionHandler`s, which speak the action-server protocol without the HTTP hop and may stream
 * text through `call.stream`.
 * @module
 */
import { join } from 'node:path';
import type { ActionCall, ActionResult, ActionRunner } from '../../ports/action-runner.ts';
import { actionCallPayload, DEFAULT_ACTION_TIMEOUT_MS, parseActionReply, type ActionHandler } from './action-protocol.ts';
import { ResponseStreamer } from './response-streamer.ts';
import { importProjectModule, projectFiles } from '../project-module.ts';
import { locateActionsModule } from '../../core/code-location.ts';

export interface ModuleActionRunnerOptions {
  /** Per call; default 30 s. */
  readonly timeoutMs?: number;
  readonly selectiveDomain?: boolean;
}

export class ModuleActionRunner implements ActionRunner {
  constructor(
    private readonly handlers: ReadonlyMap<string, ActionHandler>,
    private readonly options: ModuleActionRunnerOptions = {},
  ) {}

  /**
   * Imports `<projectRoot>/<modulePath>` (`actions` → `actions.ts` or `actions/index.ts`; dots as
   * in Python module paths become folders). Throws an Error naming the file when the exports are wrong.
   */
  static async load(projectRoot: string, modulePath = 'actions', options: ModuleActionRunnerOptions = {}): Promise<ModuleActionRunner> {
    const found = locateActionsModule(modulePath, projectFiles(projectRoot));
    if (found.kind === 'python') throw new Error(`actions_module '${modulePath}' holds Python actions: run them with \`rasa run actions\` (rasa-sdk) and set action_endpoint.url.`);
    if (found.kind === 'missing') throw new Error(`actions_module '${modulePath}': none of ${found.tried.map((f) => join(projectRoot, f)).join(', ')} exists.`);
    const file = join(projectRoot, found.file);
    const loaded = await importProjectModule(file, projectRoot);
    return new ModuleActionRunner(handlersFrom(file, loaded), options);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  async run(call: ActionCall): Promise<ActionResult> {
    const handler = this.handlers.get(call.name);
    if (!handler) throw new Error(`No in-process action named '${call.name}'.`);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Action '${call.name}' did not finish within ${timeoutMs} ms.`)), timeoutMs);
    });
    const stream = new ResponseStreamer(call.onChunk);
    try {
      const reply = await Promise.race([Promise.resolve(handler({ ...actionCallPayload(call, this.options), stream })), timeout]);
      const result = parseActionReply(call.name, reply);
      return { events: result.events, responses: [...stream.finish().map((text) => ({ text })), ...result.responses] };
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(`Action '${call.name}'`)) throw error;
      throw new Error(`Action '${call.name}' failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      // A failed action still closes the response it was streaming, so listeners see its end.
      stream.finish();
      clearTimeout(timer);
    }
  }
}

function handlersFrom(file: string, loaded: Record<string, unknown>): Map<string, ActionHandler> {
  const table = loaded.default ?? loaded.actions;
  if (!table || typeof table !== 'object') {
    throw new Error(`${file}: export an object mapping action names to functions (\`export default { action_x: async (call) => ({ events: [], responses: [] }) }\`).`);
  }
  const handlers = new Map<string, ActionHandler>();
  for (const [name, handler] of Object.entries(table)) {
    if (typeof handler !== 'function') throw new Error(`${file}: action '${name}' must be a function, got ${typeof handler}.`);
    handlers.set(name, handler as ActionHandler);
  }
  return handlers;
}
