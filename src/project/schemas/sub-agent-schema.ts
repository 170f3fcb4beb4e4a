/**
 * zod schema for `sub_agents/<dir>/config.yml`.
 * @module
 */
import { z } from 'zod';
import { clientAuthSchema } from './endpoints-schema.ts';
import { fromEnv } from './from-env.ts';

export const SUB_AGENT_CONFIGURATION_KEYS = [
  'llm',
  'prompt_template',
  'module',
  'timeout',
  'max_retries',
  'include_date_time',
  'timezone',
  'enable_filler_messages',
  'tool_timeout',
  'max_iterations',
  'agent_card',
  'max_polling_time',
  'polling_initial_delay',
  'auth',
] as const;

export const subAgentSchema = z.strictObject({
  agent: z.strictObject({
    name: z.string().min(1),
    description: z.string().min(1),
    protocol: z.string().optional(),
  }),
  configuration: z
    .looseObject({
      llm: z.record(z.string(), z.unknown()).optional(),
      prompt_template: z.string().optional(),
      module: z.string().optional(),
      timeout: fromEnv(z.number().positive()).optional(),
      max_retries: fromEnv(z.number().int().min(0)).optional(),
      include_date_time: fromEnv(z.boolean()).optional(),
      timezone: z.string().optional(),
      enable_filler_messages: fromEnv(z.boolean()).optional(),
      tool_timeout: fromEnv(z.number().positive()).optional(),
      max_iterations: fromEnv(z.number().int().positive()).optional(),
      agent_card: z.string().optional(),
      max_polling_time: fromEnv(z.number().positive()).optional(),
      polling_initial_delay: fromEnv(z.number().min(0)).optional(),
      auth: clientAuthSchema.optional(),
    })
    .optional(),
  connections: z
    .strictObject({
      mcp_servers: z
        .array(z.strictObject({ name: z.string().min(1), include_tools: z.array(z.string()).optional(), exclude_tools: z.array(z.string()).optional() }))
        .optional(),
    })
    .optional(),
});
