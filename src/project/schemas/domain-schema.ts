/**
 * zod schemas for the pieces of `domain.yml` (Rasa Pro format).
 * @module
 */
import { z } from 'zod';

const names = z.union([z.string(), z.array(z.string())]);

export const slotMappingSchema = z.strictObject({
  type: z.enum(['from_llm', 'from_entity', 'from_intent', 'from_text', 'from_trigger_intent', 'controlled', 'custom']),
  allow_nlu_correction: z.boolean().optional(),
  entity: z.string().optional(),
  role: z.string().optional(),
  group: z.string().optional(),
  intent: names.optional(),
  not_intent: names.optional(),
  value: z.unknown().optional(),
  conditions: z
    .array(z.strictObject({ active_flow: z.string().nullish(), active_loop: z.string().nullish(), requested_slot: z.string().nullish() }))
    .optional(),
  run_action_every_turn: z.string().optional(),
  coexistence_system: z.enum(['NLU', 'CALM', 'SHARED']).optional(),
  action: z.string().optional(),
});

export const rejectionSchema = z.strictObject({ if: z.string(), utter: z.string() });

export const slotSchema = z.strictObject({
  type: z.enum(['text', 'bool', 'float', 'categorical', 'list', 'any']),
  initial_value: z.unknown().optional(),
  values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  min_value: z.number().optional(),
  max_value: z.number().optional(),
  mappings: z.array(slotMappingSchema).optional(),
  validation: z.strictObject({ rejections: z.array(rejectionSchema).optional(), refill_utter: z.string().optional() }).optional(),
  description: z.string().optional(),
  influence_conversation: z.boolean().optional(),
  shared_for_coexistence: z.boolean().optional(),
});

const legacyCondition = z.array(z.strictObject({ type: z.string(), name: z.string(), value: z.unknown() }));

export const responseVariationSchema = z.strictObject({
  text: z.union([z.string(), z.number()]).optional(),
  buttons: z.array(z.looseObject({ title: z.string(), payload: z.string() })).optional(),
  image: z.string().optional(),
  custom: z.unknown().optional(),
  attachment: z.unknown().optional(),
  quick_replies: z.unknown().optional(),
  elements: z.unknown().optional(),
  channel: z.string().optional(),
  condition: z.union([z.string(), legacyCondition]).optional(),
  id: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  allow_interruptions: z.boolean().optional(),
});

export const responseSchema = z.array(responseVariationSchema).min(1);

export const sessionConfigSchema = z.strictObject({
  session_expiration_time: z.number().min(0).optional(),
  carry_over_slots_to_new_session: z.boolean().optional(),
  start_session_after_expiry: z.boolean().optional(),
});

/** `- name` or `- name: {options}` (intents, entities, actions). */
export const namedListSchema = z.array(z.union([z.string(), z.record(z.string(), z.unknown())]));
