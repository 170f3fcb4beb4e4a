/**
 * Rasa e2e test files (`test_cases`, `fixtures`, `metadata`, `stub_custom_actions`): reading and validation.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

const slotList = z.array(z.union([z.string(), z.record(z.string(), z.unknown())]));
const nameValueList = z.array(z.object({ name: z.string(), value: z.unknown().optional() }).loose());

/** `threshold` is a score in [0, 1]; `utter_source` names the component whose response is judged. */
const generativeSpec = z.object({ threshold: z.number().min(0).max(1).optional(), utter_name: z.string().optional(), utter_source: z.string().optional() }).loose();

const assertion = z.union([
  z.object({ flow_started: z.string() }),
  z.object({ flow_completed: z.object({ flow_id: z.string(), flow_step_id: z.string().optional() }) }),
  z.object({ flow_cancelled: z.object({ flow_id: z.string(), flow_step_id: z.string().optional() }) }),
  z.object({ pattern_clarification_contains: z.array(z.string()) }),
  z.object({ action_executed: z.string() }),
  z.object({ slot_was_set: nameValueList }),
  z.object({ slot_was_not_set: nameValueList }),
  z.object({
    bot_uttered: z.object({
      utter_name: z.string().optional(),
      text_matches: z.string().optional(),
      buttons: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
    }),
  }),
  z.object({ generative_response_is_relevant: generativeSpec }),
  z.object({ generative_response_is_grounded: generativeSpec.extend({ ground_truth: z.string().optional() }) }),
]);
export type Assertion = z.infer<typeof assertion>;

const step = z.union([
  z.object({
    user: z.string(),
    metadata: z.string().optional(),
    assertions: z.array(assertion).optional(),
    assertion_order_enabled: z.boolean().optional(),
  }),
  z.object({ bot: z.string() }),
  z.object({ utter: z.string() }),
  z.object({ slot_was_set: slotList }),
  z.object({ slot_was_not_set: slotList }),
]);
export type TestStep = z.infer<typeof step>;

const testCase = z.object({
  test_case: z.string(),
  fixtures: z.array(z.string()).optional(),
  metadata: z.string().optional(),
  steps: z.array(step).min(1),
});

const stub = z.object({ events: z.array(z.record(z.string(), z.unknown())).default([]), responses: z.array(z.record(z.string(), z.unknown())).default([]) });

const testFile = z.object({
  test_cases: z.array(testCase).default([]),
  fixtures: z.array(z.record(z.string(), slotList)).default([]),
  metadata: z.array(z.record(z.string(), z.record(z.string(), z.unknown()))).default([]),
  stub_custom_actions: z.record(z.string(), stub).default({}),
});

export interface TestCase {
  readonly name: string;
  readonly file: string;
  readonly steps: readonly TestStep[];
  /** Slots set before the first message. */
  readonly fixtureSlots: Readonly<Record<string, unknown>>;
  /** Metadata sets by name, for `metadata:` on the case and on user steps. */
  readonly metadataSets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly caseMetadata?: string;
  /** `action` or `test_case::action` stubs visible to this case, by action name. */
  readonly stubs: Readonly<Record<string, z.infer<typeof stub>>>;
}

export class TestFileError extends Error {
  constructor(readonly file: string, message: string, readonly line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'TestFileError';
  }
}

type Issue = z.core.$ZodIssue;

/**
 * The innermost problem of a validation issue. An entry matching no alternative (e.g. `usr:`
 * instead of `user:`) is told which keys it may have.
 */
function describeIssue(issue: Issue, raw: unknown): { path: readonly PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union') return { path: issue.path, message: issue.message };
  const value = issue.path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), raw);
  const found = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const branches = issue.errors.map((errors) => ({ key: errors[0]?.path[0], first: errors[0] }));
  // The entry names a known key but its content is wrong: report that alternative's own problem.
  const chosen = branches.find((b) => typeof b.key === 'string' && found.includes(b.key));
  if (chosen?.first) return describeIssue({ ...chosen.first, path: [...issue.path, ...chosen.first.path] } as Issue, raw);
  const keys = [...new Set(branches.map((b) => b.key).filter((k): k is string => typeof k === 'string'))];
  return { path: issue.path, message: `expected an entry with one of the keys ${keys.join(', ')}${found.length > 0 ? `; found ${found.join(', ')}` : ''}` };
}

/** 1-based line of the YAML node at `path`, or of its nearest existing parent. */
function lineOf(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function slotValues(list: z.infer<typeof slotList>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const item of list) {
    if (typeof item === 'string') values[item] = null;
    else Object.assign(values, item);
  }
  return values;
}

export function parseTestFile(file: string, text: string): TestCase[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const yamlError = doc.errors[0];
  if (yamlError) throw new TestFileError(file, `invalid YAML: ${yamlError.message}`);
  const raw: unknown = doc.toJS();
  const parsed = testFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const { path: at, message } = describeIssue(parsed.error.issues[0]!, raw);
    throw new TestFileError(file, `${at.join('.')}: ${message}`, lineOf(doc, lines, at));
  }
  const { test_cases, fixtures, metadata, stub_custom_actions } = parsed.data;
  const fixtureSets = Object.assign({}, ...fixtures) as Record<string, z.infer<typeof slotList>>;
  const metadataSets = Object.assign({}, ...metadata) as Record<string, Record<string, unknown>>;
  return test_cases.map((c) => {
    const fixtureSlots: Record<string, unknown> = {};
    for (const name of c.fixtures ?? []) {
      const set = fixtureSets[name];
      if (!set) throw new TestFileError(file, `test case '${c.test_case}' uses fixture '${name}', which is not defined under 'fixtures'`);
      Object.assign(fixtureSlots, slotValues(set));
    }
    for (const name of [c.metadata, ...c.steps.map((s) => ('user' in s ? s.metadata : undefined))]) {
      if (name && !metadataSets[name]) throw new TestFileError(file, `test case '${c.test_case}' uses metadata '${name}', which is not defined under 'metadata'`);
    }
    const stubs: Record<string, z.infer<typeof stub>> = {};
    // `test_case::action` wins over a file-wide `action` stub, whatever their order in the file.
    for (const [key, value] of Object.entries(stub_custom_actions)) if (!key.includes('::')) stubs[key] = value;
    for (const [key, value] of Object.entries(stub_custom_actions)) {
      const [scope, action] = key.split('::', 2);
      if (action && scope === c.test_case) stubs[action] = value;
    }
    return {
      name: c.test_case,
      file,
      steps: c.steps,
      fixtureSlots,
      metadataSets,
      ...(c.metadata ? { caseMetadata: c.metadata } : {}),
      stubs,
    };
  });
}

/** Every test case under `target` (a file or a folder searched recursively for .yml/.yaml). */
export async function loadTestCases(target: string): Promise<TestCase[]> {
  const info = await stat(target);
  const files = info.isDirectory() ? await yamlFilesUnder(target) : [target];
  const cases: TestCase[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    if (!/^\s*test_cases\s*:/m.test(text)) continue;
    cases.push(...parseTestFile(path.relative(process.cwd(), file) || file, text));
  }
  return cases;
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
