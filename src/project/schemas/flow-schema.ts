/**
 * zod schemas for flows and their steps (Rasa Pro flow schema, 3.14–3.17).
 * @module
 */
import { z } from 'zod';

export const FLOW_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const flowSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().min(1),
  steps: z.array(z.unknown()).min(1),
  if: z.union([z.string(), z.boolean()]).optional(),
  nlu_trigger: z
    .array(
      z.strictObject({
        intent: z.union([z.string(), z.strictObject({ name: z.string(), confidence_threshold: z.number().min(0).max(1).optional() })]),
      }),
    )
    .optional(),
  always_include_in_prompt: z.boolean().optional(),
  persisted_slots: z.array(z.string()).optional(),
  run_pattern_completed: z.boolean().optional(),
  translation: z.record(z.string(), z.strictObject({ name: z.string().optional() })).optional(),
});

const common = {
  id: z.string().min(1).optional(),
  next: z.unknown().optional(),
};

const resetFlag = z.boolean().optional();

export const stepSchemas = {
  action: z.strictObject({ ...common, action: z.string().min(1), metadata: z.record(z.string(), z.unknown()).optional() }),
  collect: z.strictObject({
    ...common,
    collect: z.string().min(1),
    utter: z.string().optional(),
    ask_before_filling: z.boolean().optional(),
    reset_after_flow_ends: resetFlag,
    rejections: z.array(z.strictObject({ if: z.string(), utter: z.string() })).optional(),
    description: z.string().optional(),
    force_slot_filling: z.boolean().optional(),
    silence_timeout: z.union([z.number(), z.record(z.string(), z.number())]).optional(),
    dtmf: z.unknown().optional(),
  }),
  set_slots: z.strictObject({ ...common, set_slots: z.array(z.record(z.string(), z.unknown())).min(1), reset_after_flow_ends: resetFlag }),
  link: z.strictObject({ ...common, link: z.string().min(1) }),
  call: z.strictObject({
    ...common,
    call: z.string().min(1),
    exit_if: z.array(z.string()).optional(),
    mcp_server: z.string().optional(),
    mapping: z
      .strictObject({
        input: z.array(z.strictObject({ param: z.string(), slot: z.string() })).optional(),
        output: z.array(z.strictObject({ slot: z.string(), value: z.string().optional(), result_key: z.string().optional() })).optional(),
      })
      .optional(),
  }),
  noop: z.strictObject({ ...common, noop: z.literal(true) }),
} as const;

export type StepTypeKey = keyof typeof stepSchemas;
export const STEP_TYPE_KEYS = Object.keys(stepSchemas) as StepTypeKey[];

export const ifBranchSchema = z.strictObject({ if: z.union([z.string(), z.boolean()]), then: z.union([z.string(), z.array(z.unknown())]) });
export const elseBranchSchema = z.strictObject({ else: z.union([z.string(), z.array(z.unknown())]) });

const examples = z.union([z.string(), z.array(z.string())]);

/** `nlu:` items by their kind key. */
export const nluItemSchemas = {
  intent: z.strictObject({ intent: z.string(), examples, metadata: z.unknown().optional() }),
  synonym: z.strictObject({ synonym: z.string(), examples }),
  regex: z.strictObject({ regex: z.string(), examples }),
  lookup: z.strictObject({ lookup: z.string(), examples }),
} as const;
