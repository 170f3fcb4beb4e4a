/**
 * zod schema for `sub_agents/<dir>/config.yml`.
 * @module
 */
import { z } from 'zod';
import { clientAuthSchema } from './endpoints-schema.ts';

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
      timeout: z.number().positive().optional(),
      max_retries: z.number().int().min(0).optional(),
      include_date_time: z.boolean().optional(),
      timezone: z.string().optional(),
      enable_filler_messages: z.boolean().optional(),
      tool_timeout: z.number().positive().optional(),
      max_iterations: z.number().int().positive().optional(),
      agent_card: z.string().optional(),
      max_polling_time: z.number().positive().optional(),
      polling_initial_delay: z.number().min(0).optional(),
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
