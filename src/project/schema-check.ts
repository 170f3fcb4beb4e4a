/**
 * Runs a zod schema over one YAML value and reports its issues as diagnostics: unknown keys
 * become warnings (and are dropped), everything else an error at the offending key.
 * @module
 */
import type { z } from 'zod';
import type { PathSegment } from './diagnostics.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { closestMatch, describeValue, quoteList } from './wording.ts';

type Issue = z.core.$ZodIssue;

/**
 * Parse `value` with `schema`. Returns the parsed data, or `undefined` after reporting errors.
 * `code` prefixes the diagnostic codes (`domain` → `domain.schema`, `domain.unknown_key`).
 */
export function checkSchema<S extends z.ZodType>(schema: S, value: unknown, at: Origin, report: Reporter, code: string): z.output<S> | undefined {
  let current = value;
  let cloned = false;
  for (;;) {
    const result = schema.safeParse(current);
    if (result.success) return result.data;
    const unknownKeys = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    for (const issue of unknownKeys) {
      const allowed = allowedKeysAt(schema, issue.path as PathSegment[]);
      for (const key of issue.keys) {
        const guess = closestMatch(key, allowed);
        report.warning(
          `${code}.unknown_key`,
          childOf(at, ...(issue.path as PathSegment[]), key),
          `unknown key '${key}' (ignored).`,
          guess ? `Did you mean '${guess}'?` : allowed.length > 0 ? `Allowed keys here: ${allowed.join(', ')}.` : 'Remove it.',
          { mode: 'key' },
        );
      }
    }
    const others = result.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    if (others.length > 0) {
      for (const issue of others) reportIssue(issue, value, at, report, code);
      return undefined;
    }
    if (!cloned) {
      current = structuredClone(current);
      cloned = true;
    }
    for (const issue of unknownKeys) {
      const holder = valueAt(current, issue.path as PathSegment[]) as Record<string, unknown>;
      for (const key of issue.keys) delete holder[key];
    }
  }
}

function reportIssue(issue: Issue, root: unknown, at: Origin, report: Reporter, code: string): void {
  const path = issue.path as PathSegment[];
  const actual = valueAt(root, path);
  const target = childOf(at, ...path);
  const key = path[path.length - 1];
  switch (issue.code) {
    case 'invalid_type':
      if (actual === undefined && key !== undefined) {
        report.error(`${code}.missing_key`, childOf(at, ...path.slice(0, -1)), `required key '${key}' is missing.`, `Add '${key}:'.`, { mode: 'key' });
      } else {
        report.error(`${code}.schema`, target, `expected ${typeName(issue.expected)}, got ${describeValue(actual)}.`, `Write ${typeName(issue.expected)} here.`);
      }
      return;
    case 'invalid_value':
      report.error(
        `${code}.schema`,
        target,
        `${describeValue(actual)} is not allowed.`,
        `Use one of ${quoteList(issue.values.map(String))}.`,
      );
      return;
    case 'too_small':
      report.error(`${code}.schema`, target, tooSmall(issue), 'Add a value.');
      return;
    case 'too_big':
      report.error(`${code}.schema`, target, tooBig(issue), 'Use a smaller value.');
      return;
    default:
      report.error(`${code}.schema`, target, `${issue.message.replace(/^Invalid input$/, `invalid value ${describeValue(actual)}`)}.`, 'See the project format in README.md.');
  }
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  if (issue.origin === 'array') return `must have at least ${String(issue.minimum)} item(s).`;
  if (issue.origin === 'string') return 'must not be empty.';
  return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}.`;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  if (issue.origin === 'array') return `must have at most ${String(issue.maximum)} item(s).`;
  if (issue.origin === 'string') return `must have at most ${String(issue.maximum)} characters.`;
  return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}.`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map (key: value)',
  array: 'a list (- item)',
  record: 'a map (key: value)',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}


function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, unknown>;
  readonly element?: unknown;
  readonly valueType?: unknown;
  readonly innerType?: unknown;
  readonly options?: readonly unknown[];
  readonly in?: unknown;
}

function defOf(schema: unknown): SchemaDef | undefined {
  return (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
}

/** Walks the schema along `path` to list the keys an object there may have (for hints). */
function allowedKeysAt(schema: unknown, path: readonly PathSegment[]): string[] {
  let def = defOf(schema);
  let i = 0;
  while (def) {
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type)) def = defOf(def.innerType);
    else if (def.type === 'pipe') def = defOf(def.in);
    else if (def.type === 'union') def = (def.options ?? []).map(defOf).find((d) => d?.type === 'object' || d?.type === 'array');
    else if (i === path.length) return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
    else if (def.type === 'object') def = defOf(def.shape?.[String(path[i++])]);
    else if (def.type === 'array' || def.type === 'record') {
      def = defOf(def.type === 'array' ? def.element : def.valueType);
      i++;
    } else return [];
  }
  return [];
}
