/**
 * The immutable, fully resolved model of one assistant project: what `project/` loads and
 * validates, what `train` bundles, and what every other layer reads. Plain JSON.
 * @module
 */
import type { Domain } from './domain.ts';
import type { Flow } from './flows.ts';

export interface PipelineComponent {
  /** e.g. `CompactLLMCommandGenerator`, `SearchReadyLLMCommandGenerator`, `NLUCommandAdapter`, `OfflineCommandGenerator`. */
  readonly name: string;
  /** All other keys of the pipeline entry, as written (`llm`, `prompt_template`, `flow_retrieval`, `user_input`, …). */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface AssistantConfig {
  readonly recipe: string;
  readonly language: string;
  readonly additionalLanguages: readonly string[];
  readonly assistantId: string;
  readonly pipeline: readonly PipelineComponent[];
  readonly policies: readonly PipelineComponent[];
}

export interface ModelConfig {
  /** `openai`, `azure`, `anthropic`, `openai_compatible` (any server with `api_base`), … */
  readonly provider: string;
  readonly model: string;
  readonly apiBase?: string;
  /** Already interpolated from `${ENV}`; never log it. */
  readonly apiKey?: string;
  readonly apiVersion?: string;
  readonly deployment?: string;
  /** Seconds. */
  readonly timeout?: number;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly maxRetries?: number;
  readonly extra: Readonly<Record<string, unknown>>;
}

/** How a group with several models picks one per call (endpoints.yml `router:`, LiteLLM's strategy names). */
export type RoutingStrategy = 'simple-shuffle' | 'round-robin' | 'least-busy' | 'latency-based-routing' | 'usage-based-routing' | 'usage-based-routing-v2';

export interface ModelRouterSettings {
  readonly routingStrategy: RoutingStrategy;
  /** Identical prompts are answered from memory. */
  readonly cacheResponses: boolean;
  /** Seconds a model that failed is tried only after the others. */
  readonly cooldownTime: number;
}

export interface ModelGroup {
  readonly id: string;
  readonly models: readonly ModelConfig[];
  readonly router?: ModelRouterSettings;
}

/** Auth for MCP servers and A2A sub-agents. Secrets are interpolated values of `${ENV}` references. */
export type ClientAuth =
  | { readonly type: 'api_key'; readonly apiKey: string; readonly headerName: string; readonly headerFormat: string }
  | { readonly type: 'token'; readonly token: string }
  | ({ readonly type: 'oauth' } & OAuthClientSettings);

/** How a token endpoint authenticates the client (RFC 6749 §2.3, RFC 7523). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/**
 * OAuth 2.0 client settings. Without `tokenUrl` the token endpoint is discovered from the server
 * (RFC 9728 protected-resource metadata, then RFC 8414); without `tokenEndpointAuthMethod` the
 * method is picked from what the authorization server advertises.
 */
export interface OAuthClientSettings {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly tokenUrl?: string;
  readonly scope?: string;
  readonly audience?: string;
  readonly timeout?: number;
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** PEM (PKCS#8) or HMAC secret for `private_key_jwt`. */
  readonly privateKey?: string;
  readonly signingAlgorithm?: string;
  /** A refresh token of a pre-registered client (authorization-code grant done once, outside colloquy). */
  readonly refreshToken?: string;
}

export interface McpServerConfig {
  readonly name: string;
  readonly url: string;
  /** `http`/`https` = streamable HTTP; `sse` for older servers. */
  readonly type: 'http' | 'https' | 'sse';
  readonly auth?: ClientAuth;
  readonly metaMap?: {
    readonly static: Readonly<Record<string, unknown>>;
    readonly fromSlots: readonly { readonly slot: string; readonly param: string }[];
  };
}

export interface A2AServerConfig {
  readonly description: string;
  readonly url?: string;
  readonly agentCardPath?: string;
  readonly includeConversationRepair: boolean;
  readonly taskTimeoutSeconds: number;
  readonly messageCacheTtlSeconds: number;
  readonly maxContexts: number;
  readonly auth?: {
    readonly algorithm: string;
    readonly publicKeyPath?: string;
    readonly jwksUrl?: string;
    readonly issuer?: string;
    readonly audience?: string;
  };
  readonly pushNotificationsEnabled: boolean;
  readonly pushNotificationAllowedHosts: readonly string[];
  /** `grpc_port`: also serve A2A over gRPC on this port, advertised on the AgentCard. */
  readonly grpcPort?: number;
}

export interface RephraserConfig {
  /** `llm:` as written: `{model_group: id}` or an inline model. */
  readonly llm?: Readonly<Record<string, unknown>>;
  /** Path of a Jinja prompt template, relative to the project. */
  readonly prompt?: string;
  /** Rephrase every text response, not only those whose metadata sets `rephrase: true`. */
  readonly rephraseAll: boolean;
  /** Summarize the conversation with the LLM first (one more call), rather than quoting it. */
  readonly summarizeHistory: boolean;
  /** Messages of the conversation the prompt shows (or summarizes). */
  readonly maxHistoricalTurns: number;
}

/** A store/broker section of endpoints.yml: `type` plus its connection keys as written. */
export interface StoreConfig {
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface Endpoints {
  readonly actionEndpoint?: { readonly url?: string; readonly actionsModule?: string; readonly timeout?: number; readonly enableSelectiveDomain?: boolean };
  readonly trackerStore?: StoreConfig;
  readonly lockStore?: StoreConfig;
  readonly eventBroker?: StoreConfig;
  readonly nlg?: Readonly<Record<string, unknown>>;
  /** `nlg: {type: rephrase}`: the Contextual Response Rephraser. */
  readonly rephraser?: RephraserConfig;
  readonly modelGroups: readonly ModelGroup[];
  readonly mcpServers: readonly McpServerConfig[];
  readonly a2aServer?: A2AServerConfig;
  readonly interactionHandling: { readonly globalSilenceTimeout: number };
  /** Every other top-level key, as written. */
  readonly other: Readonly<Record<string, unknown>>;
}

export interface SubAgentConfig {
  readonly name: string;
  readonly description: string;
  /** `RASA` = ReAct on MCP tools; `A2A` = external agent. */
  readonly protocol: 'RASA' | 'A2A';
  /** Folder of the sub-agent, project-relative (`sub_agents/<dir>`). */
  readonly dir: string;
  readonly configuration: {
    readonly llm?: Readonly<Record<string, unknown>>;
    readonly promptTemplate?: string;
    readonly module?: string;
    readonly timeout?: number;
    readonly maxRetries?: number;
    readonly includeDateTime: boolean;
    readonly timezone: string;
    readonly enableFillerMessages: boolean;
    readonly toolTimeout?: number;
    readonly maxIterations?: number;
    readonly agentCard?: string;
    readonly maxPollingTime: number;
    readonly pollingInitialDelay: number;
    readonly auth?: ClientAuth;
    readonly other: Readonly<Record<string, unknown>>;
  };
  readonly mcpServers: readonly { readonly name: string; readonly includeTools?: readonly string[]; readonly excludeTools?: readonly string[] }[];
}

export interface ChannelConfig {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** NLU training examples (`nlu:` in data files, entity annotations as written), used by the offline generator. */
export interface NluExamples {
  readonly intent: string;
  readonly examples: readonly string[];
}

/** A lookup table (`lookup:`) or regex list (`regex:`) of the NLU data, named after its entity. */
export interface NluNamedList {
  readonly name: string;
  readonly values: readonly string[];
}

export interface NluSynonym {
  readonly value: string;
  readonly synonyms: readonly string[];
}

export interface Assistant {
  /** Absolute path of the project folder. */
  readonly root: string;
  readonly config: AssistantConfig;
  readonly domain: Domain;
  /** User flows and patterns (defaults merged, project overrides applied), by id. */
  readonly flows: Readonly<Record<string, Flow>>;
  readonly nlu: readonly NluExamples[];
  readonly synonyms: readonly NluSynonym[];
  readonly lookups?: readonly NluNamedList[];
  readonly regexes?: readonly NluNamedList[];
  readonly endpoints: Endpoints;
  readonly channels: readonly ChannelConfig[];
  readonly subAgents: Readonly<Record<string, SubAgentConfig>>;
  /** Fingerprint of the whole project: the model id. */
  readonly fingerprint: string;
}
