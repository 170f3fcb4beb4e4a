/**
 * Runs custom actions on a Rasa action server (`action_endpoint.url`), so existing Python action
 * servers (rasa_sdk) keep working.
 * @module
 */
import type { Domain } from '../../core/domain.ts';
import { ActionRejectedError, type ActionCall, type ActionResult, type ActionRunner } from '../../ports/action-runner.ts';
import { withTraceContext } from '../tracing/trace-headers.ts';
import { actionCallPayload, DEFAULT_ACTION_TIMEOUT_MS, parseActionReply } from './action-protocol.ts';
import { BUILTIN_ACTION_NAMES } from '../../core/engine/index.ts';

export interface HttpActionRunnerOptions {
  /** The action server webhook, e.g. `http://localhost:5055/webhook`. */
  readonly url: string;
  readonly domain: Domain;
  /** Per call; default 30 s. */
  readonly timeoutMs?: number;
  /** Send the domain only to actions declared with `send_domain: true`. */
  readonly selectiveDomain?: boolean;
  readonly version?: string;
}

export class HttpActionRunner implements ActionRunner {
  constructor(private readonly options: HttpActionRunnerOptions) {}

  /** Custom actions are the domain's actions that are neither built-ins nor responses. */
  has(name: string): boolean {
    const { domain } = this.options;
    return Object.hasOwn(domain.actions, name) && !BUILTIN_ACTION_NAMES.has(name) && !Object.hasOwn(domain.responses, name);
  }

  async run(call: ActionCall): Promise<ActionResult> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
    const payload = actionCallPayload(call, this.options);
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: withTraceContext({ 'content-type': 'application/json' }),
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = isTimeout(error) ? `no reply within ${timeoutMs} ms` : errorMessage(error);
      throw new Error(`Action server at ${this.options.url} failed to run '${call.name}': ${reason}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.status === 400) throw new ActionRejectedError(call.name, rejectionReason(text));
    if (!response.ok) {
      throw new Error(`Action server at ${this.options.url} answered ${response.status} for '${call.name}': ${text.slice(0, 500)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`Action server at ${this.options.url} answered '${call.name}' with invalid JSON: ${text.slice(0, 200)}`);
    }
    return parseActionReply(call.name, body);
  }
}

/** rasa_sdk answers a rejection with `{action_name, error}`. */
function rejectionReason(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: use the raw text
  }
  return text.slice(0, 500) || 'rejected by the action server';
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
