/**
 * Push notification delivery with SSRF protection: only allowlisted hosts; the host is resolved
 * once, every address checked, and the connection made to the checked address (no DNS rebinding);
 * redirects are never followed; retries with doubling backoff; never awaited by a turn.
 * @module
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { A2aError } from './a2a-errors.ts';
import { AddressPolicy, unbracket } from './address-policy.ts';
import type { A2aLogger, HostResolver } from './plugin-deps.ts';
import type { PushConfig, TaskEvent } from './task-model.ts';
import type { TaskObserver } from './task-service.ts';
import { v03Encode } from './wire-v03.ts';
import { v10Encode } from './wire-v10.ts';

export interface PushSenderOptions {
  readonly allowedHosts: readonly string[];
  readonly resolver?: HostResolver;
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly timeoutMs?: number;
  readonly logger: A2aLogger;
}

export type DeliveryOutcome = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly reason: string; readonly retryable: boolean };

const defaultResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export class PushSender {
  private readonly policy: AddressPolicy;
  private readonly resolver: HostResolver;

  constructor(private readonly options: PushSenderOptions) {
    this.policy = new AddressPolicy(options.allowedHosts);
    this.resolver = options.resolver ?? defaultResolver;
  }

  /** Throws `invalid_params` when the URL may not receive pushes; returns the address to connect to. */
  async checkTarget(url: string): Promise<{ readonly target: URL; readonly address: string; readonly family: 4 | 6 }> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new A2aError('invalid_params', `Push notification url '${url}' is not a valid URL.`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new A2aError('invalid_params', `Push notification url must be http or https, got '${target.protocol}'.`);
    if (target.username || target.password) throw new A2aError('invalid_params', 'Push notification url must not carry credentials; use authentication.');
    const host = unbracket(target.hostname);
    if (!this.policy.allowsHost(host)) {
      throw new A2aError('invalid_params', `Push notification host '${host}' is not in a2a_server.push_notification_allowed_hosts.`);
    }
    const family = isIP(host);
    const addresses = family !== 0 ? [{ address: host, family: family as 4 | 6 }] : await this.resolve(host);
    for (const a of addresses) {
      const refusal = this.policy.refusal(a.address);
      if (refusal) throw new A2aError('invalid_params', `Push notification host '${host}' is refused: ${refusal}.`);
    }
    const first = addresses[0];
    if (!first) throw new A2aError('invalid_params', `Push notification host '${host}' does not resolve.`);
    return { target, address: first.address, family: first.family };
  }

  /** One POST to the checked address; 3xx counts as a refusal (redirects are not followed). */
  async deliverOnce(config: PushConfig, body: string): Promise<DeliveryOutcome> {
    let checked;
    try {
      checked = await this.checkTarget(config.url);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error), retryable: false };
    }
    const headers: Record<string, string> = {
      'content-type': config.generation === '1.0' ? 'application/a2a+json' : 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    };
    if (config.token) headers['x-a2a-notification-token'] = config.token;
    if (config.authentication) headers.authorization = `${config.authentication.scheme} ${config.authentication.credentials ?? ''}`.trim();
    const pinned: LookupFunction = (_hostname, opts, callback) => {
      if (opts.all) callback(null, [{ address: checked.address, family: checked.family }]);
      else callback(null, checked.address, checked.family);
    };
    const requestOptions: RequestOptions = { method: 'POST', headers, lookup: pinned, timeout: this.options.timeoutMs ?? 10_000 };
    const send = checked.target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = send(checked.target, requestOptions, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve({ ok: true, status });
        else if (status >= 300 && status < 400) resolve({ ok: false, reason: `redirect (${status}) not followed`, retryable: false });
        else resolve({ ok: false, reason: `HTTP ${status}`, retryable: status >= 500 || status === 429 });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error) => resolve({ ok: false, reason: error.message, retryable: true }));
      req.end(body);
    });
  }

  /** Delivers with retries; resolves when delivered or given up. */
  async deliver(config: PushConfig, body: string): Promise<DeliveryOutcome> {
    const attempts = this.options.attempts ?? 3;
    const baseDelayMs = this.options.baseDelayMs ?? 500;
    let outcome: DeliveryOutcome = { ok: false, reason: 'not attempted', retryable: false };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      outcome = await this.deliverOnce(config, body);
      if (outcome.ok || !outcome.retryable) break;
      if (attempt < attempts) await new Promise((r) => setTimeout(r, baseDelayMs * 2 ** (attempt - 1)).unref());
    }
    const log = { taskId: config.taskId, configId: config.id, host: safeHost(config.url) };
    if (outcome.ok) this.options.logger.info({ ...log, status: outcome.status }, 'a2a push delivered');
    else this.options.logger.warn({ ...log, reason: outcome.reason }, 'a2a push not delivered');
    return outcome;
  }

  private async resolve(host: string) {
    try {
      return await this.resolver(host);
    } catch {
      throw new A2aError('invalid_params', `Push notification host '${host}' does not resolve.`);
    }
  }
}

/** The body a push carries: the v0.3 Task, or a v1.0 StreamResponse. */
export function pushBody(config: PushConfig, event: TaskEvent): string {
  if (config.generation === '0.3') return JSON.stringify(v03Encode.task(event.task));
  return JSON.stringify(v10Encode.event(event));
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
}

/**
 * Fans task transitions out to the task's push configs, in order per config, off the turn's path.
 * The per-config chains only order deliveries from this process; nothing here must survive it.
 */
export class PushNotifier implements TaskObserver {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly lookups = new Set<Promise<unknown>>();

  constructor(
    private readonly sender: PushSender,
    private readonly listConfigs: (taskId: string) => Promise<readonly PushConfig[]>,
    private readonly logger: A2aLogger,
  ) {}

  taskChanged(event: TaskEvent): void {
    const lookup = this.listConfigs(event.task.id).then(
      (configs) => {
        // A v0.3 body is the whole Task: the status push that follows carries the artifacts.
        for (const config of configs) if (config.generation === '1.0' || event.type !== 'artifact') this.enqueue(config, event);
      },
      (error: unknown) => this.logger.error({ err: error, taskId: event.task.id }, 'a2a push configs unreadable'),
    );
    this.lookups.add(lookup);
    void lookup.finally(() => this.lookups.delete(lookup));
  }

  /** Resolves when every queued delivery has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.lookups.size > 0 || this.chains.size > 0) await Promise.all([...this.lookups, ...this.chains.values()]);
  }

  private enqueue(config: PushConfig, event: TaskEvent): void {
    const key = `${config.taskId}\u0000${config.id}`;
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.sender.deliver(config, pushBody(config, event)))
      .finally(() => {
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    this.chains.set(key, next);
  }
}
