/**
 * Mock-LLM fixture files: rules that pick a canned answer for a chat request.
 * A file (YAML or JSON) is either a list of rules or `{ rules, default, embeddings }`:
 *
 * ```yaml
 * rules:
 *   - match: { prompt_regex: 'latest message is: """send money' }   # command generator prompts
 *     response: { content: "start flow transfer_money" }
 *   - match: { last_user_message: { regex: "^buy" }, after_tool_result: false }
 *     response: { tool_calls: [{ name: place_order, arguments: { qty: 10 } }] }
 *   - match: { last_user_message: { contains: "buy" }, after_tool_result: true }
 *     response: { content: "Order placed." }
 *   - match: { last_user_message: flaky }
 *     responses: [{ status: 503 }, { content: "ok now" }]      # one per successive match
 *   - match: { last_user_message: slow }
 *     response: { content: "late", delay_ms: 30000 }
 * default: { content: "cannot handle" }
 * embeddings: { dimensions: 256 }
 * ```
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const toolCallSchema = z.object({
  name: z.string().min(1),
  /** An object, or a JSON string as the OpenAI API carries it. */
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}),
});

const responseSchema = z.object({
  content: z.string().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  /** HTTP status; >= 400 answers with an OpenAI-style error body. */
  status: z.number().int().min(100).max(599).optional(),
  delay_ms: z.number().min(0).optional(),
  /** Error message for `status` >= 400. */
  error: z.string().optional(),
});

const textMatchSchema = z.union([
  z.string(),
  z.object({ regex: z.string() }),
  z.object({ contains: z.string() }),
]);

const ruleSchema = z
  .object({
    match: z
      .object({
        /** A string matches the whole last user message (trimmed, case-insensitive). */
        last_user_message: textMatchSchema.optional(),
        /** Searched in the contents of all messages, joined by newlines. */
        prompt_regex: z.string().optional(),
        model: z.string().optional(),
        /** True: the last message is a tool result (the next step of a tool loop). */
        after_tool_result: z.boolean().optional(),
      })
      .default({}),
    response: responseSchema.optional(),
    /** Answers given in turn on successive matches; the last one repeats (unless `times` ends the rule). */
    responses: z.array(responseSchema).min(1).optional(),
    /** The rule matches at most this many times. */
    times: z.number().int().min(1).optional(),
  })
  .refine((rule) => rule.response !== undefined || rule.responses !== undefined, { message: 'a rule needs `response` or `responses`' });

const fileSchema = z.union([
  z.array(ruleSchema).transform((rules) => ({ rules, default: undefined, embeddings: undefined })),
  z.object({
    rules: z.array(ruleSchema).default([]),
    default: responseSchema.optional(),
    embeddings: z.object({ dimensions: z.number().int().min(8).max(4096).optional() }).optional(),
  }),
]);

export type MockToolCall = z.infer<typeof toolCallSchema>;
export type MockResponse = z.infer<typeof responseSchema>;
export type MockTextMatch = z.infer<typeof textMatchSchema>;
export type MockRule = z.infer<typeof ruleSchema>;
export type MockFixtures = z.infer<typeof fileSchema>;
/** What callers may pass in place of a file: the same shape, defaults optional. */
export type MockFixturesInput = z.input<typeof fileSchema>;

/** Validates fixtures given as data; throws with the offending path. */
export function parseFixtures(data: unknown, source = 'fixtures'): MockFixtures {
  const result = fileSchema.safeParse(data ?? []);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${source}: invalid mock-LLM fixtures at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return result.data;
}

/** Reads a `.json`, `.yml` or `.yaml` fixture file. */
export function loadFixtureFile(path: string): MockFixtures {
  const text = readFileSync(path, 'utf8');
  const data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  return parseFixtures(data, path);
}
