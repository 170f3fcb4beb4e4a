/**
 * Builds Endpoints from `endpoints.yml` (already `${ENV}`-interpolated) and checks, on the raw
 * text, that secrets are written as `${ENV}` references.
 * @module
 */
import type { A2AServerConfig, ClientAuth, Endpoints, McpServerConfig, ModelConfig, ModelGroup, ModelRouterSettings, RephraserConfig, RoutingStrategy, StoreConfig } from '../core/assistant.ts';
import { GLOBAL_SILENCE_TIMEOUT_DEFAULT } from '../core/patterns/pattern-ids.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { a2aServerSchema, actionEndpointSchema, clientAuthSchema, endpointsFileSchema, interactionHandlingSchema, mcpServerSchema, modelGroupSchema, nlgSchema, storeSchema } from './schemas/endpoints-schema.ts';
import { LOCK_STORE_TYPES, TRACKER_STORE_TYPES, type StoreBackend } from '../core/store-types.ts';
import { storeKeysSchema, storeTypeSchema } from './schemas/store-schema.ts';
import { isEnvReference } from './env-interpolation.ts';
import { z } from 'zod';

/** Where endpoint items were declared, for cross-file checks. */
export interface EndpointOrigins {
  readonly mcpServers: Map<string, Origin>;
  readonly modelGroups: Map<string, Origin>;
  a2aServer?: Origin;
}

const PASSTHROUGH = ['vector_store', 'tracing', 'metrics', 'models'] as const;

export const EMPTY_ENDPOINTS: Endpoints = { modelGroups: [], mcpServers: [], interactionHandling: { globalSilenceTimeout: GLOBAL_SILENCE_TIMEOUT_DEFAULT }, other: {} };

/** `raw` is the parsed YAML before interpolation (for the secret check), `data` after. */
export function buildEndpoints(raw: unknown, data: unknown, at: Origin, report: Reporter): { endpoints: Endpoints; origins: EndpointOrigins } {
  const origins: EndpointOrigins = { mcpServers: new Map(), modelGroups: new Map() };
  const e = checkSchema(endpointsFileSchema, data ?? {}, at, report, 'endpoints');
  if (!e) return { endpoints: EMPTY_ENDPOINTS, origins };
  const rawServers = (raw as { mcp_servers?: unknown } | null)?.mcp_servers;
  const other = Object.fromEntries(PASSTHROUGH.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
  const actionEndpoint = e.action_endpoint != null ? checkSchema(actionEndpointSchema, e.action_endpoint, childOf(at, 'action_endpoint'), report, 'endpoints') : undefined;
  if (actionEndpoint && !actionEndpoint.url && !actionEndpoint.actions_module) {
    report.error('endpoints.action_endpoint.empty', childOf(at, 'action_endpoint'), "'action_endpoint' has neither 'url' nor 'actions_module'.", "Set 'url: http://localhost:5055/webhook' or 'actions_module: actions'.", { mode: 'key' });
  }
  const interaction = e.interaction_handling != null ? checkSchema(interactionHandlingSchema, e.interaction_handling, childOf(at, 'interaction_handling'), report, 'endpoints') : undefined;
  if (e.a2a_server != null) origins.a2aServer = childOf(at, 'a2a_server');
  checkOperations(e, at, report);
  const endpoints: Endpoints = {
    ...(actionEndpoint
      ? {
          actionEndpoint: {
            ...(actionEndpoint.url !== undefined ? { url: actionEndpoint.url } : {}),
            ...(actionEndpoint.actions_module !== undefined ? { actionsModule: actionEndpoint.actions_module } : {}),
            ...(actionEndpoint.timeout !== undefined ? { timeout: actionEndpoint.timeout } : {}),
            ...(actionEndpoint.enable_selective_domain !== undefined ? { enableSelectiveDomain: actionEndpoint.enable_selective_domain } : {}),
          },
        }
      : {}),
    ...store('trackerStore', e.tracker_store, childOf(at, 'tracker_store'), report, TRACKER_STORE_TYPES),
    ...store('lockStore', e.lock_store, childOf(at, 'lock_store'), report, LOCK_STORE_TYPES),
    ...store('eventBroker', e.event_broker, childOf(at, 'event_broker'), report),
    ...(e.nlg != null ? { nlg: e.nlg as Record<string, unknown> } : {}),
    ...(e.nlg != null ? optional('rephraser', buildRephraser(e.nlg, childOf(at, 'nlg'), report)) : {}),
    modelGroups: listOf(e.model_groups, childOf(at, 'model_groups'), report, (item, itemAt) => buildModelGroup(item, itemAt, report, origins)),
    mcpServers: listOf(e.mcp_servers, childOf(at, 'mcp_servers'), report, (item, itemAt, i) =>
      buildMcpServer(item, (Array.isArray(rawServers) ? rawServers[i] : undefined) as Record<string, unknown> | undefined, itemAt, report, origins),
    ),
    ...(e.a2a_server != null ? optional('a2aServer', buildA2AServer(e.a2a_server, childOf(at, 'a2a_server'), report)) : {}),
    interactionHandling: { globalSilenceTimeout: interaction?.global_silence_timeout ?? GLOBAL_SILENCE_TIMEOUT_DEFAULT },
    other,
  };
  checkRephraserModelGroup(endpoints, childOf(at, 'nlg', 'llm', 'model_group'), report);
  return { endpoints, origins };
}

/** Rasa's defaults: only responses with `rephrase: true`, a summarized history of the last 5 messages. */
const REPHRASER_DEFAULTS = { rephraseAll: false, summarizeHistory: true, maxHistoricalTurns: 5 };

function buildRephraser(value: unknown, at: Origin, report: Reporter): RephraserConfig | undefined {
  const n = checkSchema(nlgSchema, value, at, report, 'endpoints');
  if (!n) return undefined;
  if (n.type !== 'rephrase') {
    if (n.type === undefined && n.url !== undefined) {
      report.warning('endpoints.nlg.server', childOf(at, 'url'), 'an NLG server (nlg: url) is not called by colloquy: responses come from the domain.', "Remove 'nlg', or use 'type: rephrase' to rephrase responses with an LLM.");
    } else {
      report.error('endpoints.nlg.type', childOf(at, 'type'), `nlg type '${String(n.type)}' is not supported.`, "Use 'type: rephrase' (the Contextual Response Rephraser).");
    }
    return undefined;
  }
  return {
    ...(n.llm !== undefined ? { llm: n.llm } : {}),
    ...(n.prompt !== undefined ? { prompt: n.prompt } : {}),
    rephraseAll: n.rephrase_all ?? REPHRASER_DEFAULTS.rephraseAll,
    summarizeHistory: n.summarize_history ?? REPHRASER_DEFAULTS.summarizeHistory,
    maxHistoricalTurns: n.max_historical_turns ?? REPHRASER_DEFAULTS.maxHistoricalTurns,
  };
}

function checkRephraserModelGroup(endpoints: Endpoints, at: Origin, report: Reporter): void {
  const id = endpoints.rephraser?.llm?.model_group;
  if (id === undefined || endpoints.modelGroups.some((g) => g.id === id)) return;
  const known = endpoints.modelGroups.map((g) => g.id).join(', ') || 'none';
  report.error('endpoints.nlg.model_group', at, `the rephraser's model group '${String(id)}' is not defined (defined: ${known}).`, "Add it under 'model_groups', or name one that exists.");
}

const BROKER_TYPES = ['pika', 'sql'];

/** `event_broker` and `metrics` types colloquy serves; others would fail (broker) or do nothing (metrics) at run time. */
function checkOperations(e: { event_broker?: unknown; metrics?: unknown }, at: Origin, report: Reporter): void {
  const typeOf = (section: unknown) => (section && typeof section === 'object' ? (section as { type?: unknown }).type : undefined);
  const broker = typeOf(e.event_broker);
  if (typeof broker === 'string' && !BROKER_TYPES.includes(broker)) {
    report.error('endpoints.event_broker.unsupported', childOf(at, 'event_broker', 'type'), `event broker type '${broker}' is not supported by colloquy.`, "Use 'type: pika' (RabbitMQ) or 'type: sql' (SQLite/PostgreSQL table events).");
  }
  const metrics = typeOf(e.metrics);
  if (metrics === 'otlp') {
    report.warning('endpoints.metrics.otlp', childOf(at, 'metrics', 'type'), "metrics 'type: otlp' (Rasa's OTLP metric export) is not supported; no metrics are exported.", "Use 'type: prometheus' to serve GET /metrics.");
  } else if (metrics !== undefined && metrics !== 'prometheus') {
    report.error('endpoints.metrics.type', childOf(at, 'metrics', 'type'), `metrics type '${String(metrics)}' is not supported.`, "Use 'type: prometheus' to serve GET /metrics.");
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A store section; with `types`, its type and the keys that type reads are checked as `run` would read them. */
function store(key: 'trackerStore' | 'lockStore' | 'eventBroker', value: unknown, at: Origin, report: Reporter, types?: Readonly<Record<string, StoreBackend>>): { [k: string]: StoreConfig } {
  if (value == null) return {};
  const s = checkSchema(storeSchema, value, at, report, 'endpoints');
  if (!s) return {};
  if (types) {
    const typed = checkSchema(storeTypeSchema(types), s, at, report, 'endpoints');
    if (!typed || !checkSchema(storeKeysSchema(types[typed.type]!), s, at, report, 'endpoints')) return {};
  }
  const { type, ...options } = s;
  return { [key]: { type, options } };
}

function listOf<T>(value: unknown, at: Origin, report: Reporter, build: (item: unknown, at: Origin, i: number) => T | undefined): T[] {
  if (value == null) return [];
  const list = checkSchema(z.array(z.unknown()), value, at, report, 'endpoints');
  return (list ?? []).flatMap((item, i) => {
    const built = build(item, childOf(at, i), i);
    return built === undefined ? [] : [built];
  });
}

function buildModelGroup(item: unknown, at: Origin, report: Reporter, origins: EndpointOrigins): ModelGroup | undefined {
  const g = checkSchema(modelGroupSchema, item, at, report, 'endpoints');
  if (!g) return undefined;
  if (origins.modelGroups.has(g.id)) {
    report.error('endpoints.model_groups.duplicate_id', childOf(at, 'id'), `model group '${g.id}' is defined twice.`, 'Give each model group its own id.');
  }
  origins.modelGroups.set(g.id, at);
  const models = g.models.map((m): ModelConfig => {
    const { provider, model, api_base, api_key, api_version, deployment, timeout, temperature, max_tokens, max_retries, ...extra } = m;
    return {
      provider,
      model: model ?? deployment ?? '',
      ...(api_base !== undefined ? { apiBase: api_base } : {}),
      ...(api_key !== undefined ? { apiKey: api_key } : {}),
      ...(api_version !== undefined ? { apiVersion: api_version } : {}),
      ...(deployment !== undefined ? { deployment } : {}),
      ...(timeout !== undefined ? { timeout } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(max_tokens !== undefined ? { maxTokens: max_tokens } : {}),
      ...(max_retries !== undefined ? { maxRetries: max_retries } : {}),
      extra,
    };
  });
  const router = g.router ? buildRouter(g.router, childOf(at, 'router'), report) : undefined;
  if (!g.router && models.length > 1) {
    report.error('endpoints.model_groups.no_router', childOf(at, 'models'), `model group '${g.id}' has ${models.length} models but no 'router' (Rasa requires one).`, "Add 'router: {routing_strategy: simple-shuffle}' (or round-robin, least-busy, …) to spread calls over them, or keep one model.", { mode: 'key' });
  }
  return { id: g.id, models, ...(router ? { router } : {}) };
}

/** LiteLLM's strategies that colloquy runs, plus `round-robin`. */
const ROUTING_STRATEGIES: readonly RoutingStrategy[] = ['simple-shuffle', 'round-robin', 'least-busy', 'latency-based-routing', 'usage-based-routing', 'usage-based-routing-v2'];
/** LiteLLM's `cooldown_time` default, seconds. */
const DEFAULT_COOLDOWN_SECONDS = 5;

function buildRouter(r: NonNullable<z.output<typeof modelGroupSchema>['router']>, at: Origin, report: Reporter): ModelRouterSettings | undefined {
  const { routing_strategy: strategy = 'simple-shuffle', cache_responses, cooldown_time, ...rest } = r;
  if (!(ROUTING_STRATEGIES as readonly string[]).includes(strategy)) {
    const why = strategy === 'cost-based-routing' ? ' (it needs a price table of the models, which colloquy does not have)' : '';
    report.error('endpoints.model_groups.routing_strategy', childOf(at, 'routing_strategy'), `routing strategy '${strategy}' is not supported${why}.`, `Use one of: ${ROUTING_STRATEGIES.join(', ')}.`);
    return undefined;
  }
  for (const key of Object.keys(rest)) {
    const shared = key.startsWith('redis_');
    report.warning(
      'endpoints.model_groups.router_key',
      childOf(at, key),
      `router key '${key}' is ignored${shared ? ': routing state and the response cache are kept per process' : ''}.`,
      'colloquy reads routing_strategy, cache_responses and cooldown_time.',
      { mode: 'key' },
    );
  }
  return { routingStrategy: strategy as RoutingStrategy, cacheResponses: cache_responses ?? false, cooldownTime: cooldown_time ?? DEFAULT_COOLDOWN_SECONDS };
}

const SECRET_KEYS = ['api_key', 'token'] as const;
const OAUTH_SECRET_KEYS = ['client_secret', 'private_key', 'refresh_token'] as const;

/**
 * Checks that secrets in an auth block are `${ENV}` references in the raw (uninterpolated)
 * text, so no secret sits in a file that gets committed.
 */
export function checkSecrets(raw: Record<string, unknown> | undefined, at: Origin, report: Reporter): void {
  if (!raw) return;
  const secrets: { value: unknown; at: Origin; key: string }[] = SECRET_KEYS.map((key) => ({ value: raw[key], at: childOf(at, key), key }));
  const oauth = raw.oauth as Record<string, unknown> | undefined;
  if (oauth && typeof oauth === 'object') {
    for (const key of OAUTH_SECRET_KEYS) secrets.push({ value: oauth[key], at: childOf(at, 'oauth', key), key });
  }
  for (const s of secrets) {
    if (typeof s.value === 'string' && !isEnvReference(s.value)) {
      const variable = s.key.toUpperCase();
      report.error('secrets.plain_text', s.at, `'${s.key}' is written in plain text.`, `Put the secret in an environment variable and write '${s.key}: \${${variable}}'.`);
    }
  }
}

/**
 * Turns flat auth keys (`api_key`, `token`, `oauth`) into ClientAuth; reports more than one.
 * `discovers`: the client can find the token endpoint itself (MCP), so `token_url` is optional.
 */
export function buildClientAuth(value: unknown, at: Origin, report: Reporter, discovers = false): ClientAuth | undefined {
  const a = checkSchema(clientAuthSchema, value, at, report, 'auth');
  if (!a) return undefined;
  const kinds = (['api_key', 'token', 'oauth'] as const).filter((k) => a[k] !== undefined);
  if (kinds.length > 1) {
    report.error('auth.ambiguous', childOf(at, kinds[1]!), `auth sets both '${kinds[0]}' and '${kinds[1]}'.`, 'Use exactly one of api_key, token or oauth.', { mode: 'key' });
  }
  if (a.api_key !== undefined) return { type: 'api_key', apiKey: a.api_key, headerName: a.header_name ?? 'Authorization', headerFormat: a.header_format ?? 'Bearer {key}' };
  if (a.token !== undefined) return { type: 'token', token: a.token };
  if (a.oauth) return buildOAuth(a.oauth, childOf(at, 'oauth'), report, discovers);
  return undefined;
}

function buildOAuth(o: NonNullable<z.infer<typeof clientAuthSchema>['oauth']>, at: Origin, report: Reporter, discovers: boolean): ClientAuth {
  const method = o.token_endpoint_auth_method ?? (o.private_key !== undefined ? 'private_key_jwt' : undefined);
  if (o.token_url === undefined && !discovers) {
    report.error('auth.oauth.no_token_url', at, "'oauth' has no 'token_url'.", 'Set the token endpoint of the authorization server.', { mode: 'key' });
  }
  if (method === 'private_key_jwt' && o.private_key === undefined) {
    report.error('auth.oauth.no_private_key', childOf(at, 'token_endpoint_auth_method'), 'private_key_jwt needs a private key.', "Add 'private_key: ${PRIVATE_KEY}' (a PKCS#8 PEM, or the shared secret for HS* algorithms).");
  } else if ((method === 'client_secret_basic' || method === 'client_secret_post' || method === undefined) && o.client_secret === undefined) {
    report.error('auth.oauth.no_client_secret', at, "'oauth' has no 'client_secret'.", "Add 'client_secret: ${CLIENT_SECRET}', or 'private_key' for private_key_jwt, or 'token_endpoint_auth_method: none' for a public client.", { mode: 'key' });
  }
  return {
    type: 'oauth',
    clientId: o.client_id,
    ...(o.client_secret !== undefined ? { clientSecret: o.client_secret } : {}),
    ...(o.token_url !== undefined ? { tokenUrl: o.token_url } : {}),
    ...(o.scope !== undefined ? { scope: o.scope } : {}),
    ...(o.audience !== undefined ? { audience: o.audience } : {}),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    ...(o.token_endpoint_auth_method !== undefined ? { tokenEndpointAuthMethod: o.token_endpoint_auth_method } : {}),
    ...(o.private_key !== undefined ? { privateKey: o.private_key } : {}),
    ...(o.signing_algorithm !== undefined ? { signingAlgorithm: o.signing_algorithm } : {}),
    ...(o.refresh_token !== undefined ? { refreshToken: o.refresh_token } : {}),
  };
}

function buildMcpServer(item: unknown, raw: Record<string, unknown> | undefined, at: Origin, report: Reporter, origins: EndpointOrigins): McpServerConfig | undefined {
  const s = checkSchema(mcpServerSchema, item, at, report, 'endpoints');
  if (!s) return undefined;
  checkSecrets(raw, at, report);
  if (origins.mcpServers.has(s.name)) {
    report.error('endpoints.mcp_servers.duplicate_name', childOf(at, 'name'), `MCP server '${s.name}' is defined twice.`, 'Give each MCP server its own name.');
  }
  origins.mcpServers.set(s.name, at);
  const { api_key, header_name, header_format, token, oauth } = s;
  const auth = api_key !== undefined || token !== undefined || oauth !== undefined ? buildClientAuth({ api_key, header_name, header_format, token, oauth }, at, report, true) : undefined;
  return {
    name: s.name,
    url: s.url,
    type: s.type ?? 'http',
    ...(auth ? { auth } : {}),
    ...(s.meta_map ? { metaMap: { static: s.meta_map.static ?? {}, fromSlots: s.meta_map.from_slots ?? [] } } : {}),
  };
}

function buildA2AServer(value: unknown, at: Origin, report: Reporter): A2AServerConfig | undefined {
  const a = checkSchema(a2aServerSchema, value, at, report, 'endpoints.a2a_server');
  if (!a) return undefined;
  const jwt = a.auth ? { ...a.auth, ...a.auth.jwt } : undefined;
  const taskTimeout = a.task_timeout_seconds ?? 600;
  return {
    description: a.description,
    ...(a.url !== undefined ? { url: a.url } : {}),
    ...(a.agent_card_path !== undefined ? { agentCardPath: a.agent_card_path } : {}),
    includeConversationRepair: a.include_conversation_repair ?? true,
    taskTimeoutSeconds: taskTimeout,
    messageCacheTtlSeconds: a.a2a_message_cache_ttl_seconds ?? taskTimeout,
    maxContexts: a.max_contexts ?? 1000,
    ...(jwt
      ? {
          auth: {
            algorithm: jwt.algorithm ?? 'RS256',
            ...(jwt.public_key_path !== undefined ? { publicKeyPath: jwt.public_key_path } : {}),
            ...(jwt.jwks_url !== undefined ? { jwksUrl: jwt.jwks_url } : {}),
            ...(jwt.issuer !== undefined ? { issuer: jwt.issuer } : {}),
            ...(jwt.audience !== undefined ? { audience: jwt.audience } : {}),
          },
        }
      : {}),
    pushNotificationsEnabled: a.push_notifications_enabled ?? false,
    pushNotificationAllowedHosts: a.push_notification_allowed_hosts ?? [],
    ...(a.grpc_port !== undefined ? { grpcPort: a.grpc_port } : {}),
  };
}
