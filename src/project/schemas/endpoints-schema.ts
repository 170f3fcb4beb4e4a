/**
 * zod schemas for `endpoints.yml` and sub-agent auth.
 * @module
 */
import { z } from 'zod';
import { fromEnv } from './from-env.ts';



const section = z.unknown().optional();

export const endpointsFileSchema = z.strictObject({
  action_endpoint: section,
  tracker_store: section,
  lock_store: section,
  event_broker: section,
  nlg: section,
  model_groups: section,
  mcp_servers: section,
  a2a_server: section,
  interaction_handling: section,
  vector_store: section,
  tracing: section,
  metrics: section,
  models: section,
});

export const actionEndpointSchema = z.strictObject({
  url: z.string().optional(),
  actions_module: z.string().optional(),
  timeout: fromEnv(z.number().positive()).optional(),
  enable_selective_domain: fromEnv(z.boolean()).optional(),
  token: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  cafile: z.string().optional(),
});

export const storeSchema = z.looseObject({ type: z.string().min(1) });

export const modelSchema = z.looseObject({
  provider: z.string().min(1),
  model: z.string().optional(),
  api_base: z.string().optional(),
  api_key: z.string().optional(),
  api_version: z.string().optional(),
  deployment: z.string().optional(),
  timeout: fromEnv(z.number().positive()).optional(),
  temperature: fromEnv(z.number()).optional(),
  max_tokens: fromEnv(z.number().int().positive()).optional(),
  max_retries: fromEnv(z.number().int().min(0)).optional(),
});

export const modelGroupSchema = z.strictObject({
  id: z.string().min(1),
  models: z.array(modelSchema).min(1),
  router: z
    .looseObject({
      routing_strategy: z.string().optional(),
      cache_responses: fromEnv(z.boolean()).optional(),
      cooldown_time: fromEnv(z.number().min(0)).optional(),
    })
    .optional(),
});

/** Auth of MCP servers (flat keys) and A2A sub-agents (`auth:` block): one of api_key / token / oauth. */
export const clientAuthKeys = {
  api_key: z.string().optional(),
  header_name: z.string().optional(),
  header_format: z.string().optional(),
  token: z.string().optional(),
  oauth: z
    .strictObject({
      client_id: z.string(),
      client_secret: z.string().optional(),
      token_url: z.string().optional(),
      scope: z.string().optional(),
      audience: z.string().optional(),
      timeout: fromEnv(z.number().positive()).optional(),
      token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']).optional(),
      private_key: z.string().optional(),
      signing_algorithm: z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512']).optional(),
      refresh_token: z.string().optional(),
    })
    .optional(),
};

export const clientAuthSchema = z.strictObject(clientAuthKeys);

export const mcpServerSchema = z.strictObject({
  name: z.string().min(1),
  url: z.string().min(1),
  type: z.enum(['http', 'https', 'sse']).optional(),
  ...clientAuthKeys,
  meta_map: z
    .strictObject({
      static: z.record(z.string(), z.unknown()).optional(),
      from_slots: z.array(z.strictObject({ slot: z.string(), param: z.string() })).optional(),
    })
    .optional(),
});

const jwtSchema = z.strictObject({
  algorithm: z.string().optional(),
  public_key_path: z.string().optional(),
  jwks_url: z.string().optional(),
  issuer: z.string().optional(),
  audience: z.string().optional(),
});

export const a2aServerSchema = z.strictObject({
  description: z.string().min(1),
  url: z.string().optional(),
  agent_card_path: z.string().optional(),
  include_conversation_repair: fromEnv(z.boolean()).optional(),
  task_timeout_seconds: fromEnv(z.number().min(0)).optional(),
  a2a_message_cache_ttl_seconds: fromEnv(z.number().min(0)).optional(),
  max_contexts: fromEnv(z.number().int().min(0)).optional(),
  auth: z.strictObject({ type: z.literal('bearer').optional(), jwt: jwtSchema.optional(), ...jwtSchema.shape }).optional(),
  push_notifications_enabled: fromEnv(z.boolean()).optional(),
  push_notification_allowed_hosts: z.array(z.string()).optional(),
  /** Serve A2A over gRPC too, on this port (gRPC needs its own HTTP/2 listener). */
  grpc_port: fromEnv(z.number().int().min(1).max(65535)).optional(),
});

/** `nlg:` — the rephraser (`type: rephrase`) or Rasa's NLG server (`url`), which colloquy does not call. */
export const nlgSchema = z.looseObject({
  type: z.string().optional(),
  url: z.string().optional(),
  llm: z.record(z.string(), z.unknown()).optional(),
  prompt: z.string().optional(),
  rephrase_all: fromEnv(z.boolean()).optional(),
  summarize_history: fromEnv(z.boolean()).optional(),
  max_historical_turns: fromEnv(z.number().int().min(0)).optional(),
});

export const interactionHandlingSchema = z.strictObject({ global_silence_timeout: fromEnv(z.number().positive()).optional() });
