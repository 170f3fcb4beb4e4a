/**
 * Builds NLU examples, synonyms, lookup tables and regexes from `nlu:` sections of data files (Rasa
 * YAML format). Examples keep their entity annotations (`[Bob](name)`, `[Bob]{"entity": "name"}`):
 * the offline generator learns slot values from them.
 * @module
 */
import type { NluExamples, NluNamedList, NluSynonym } from '../core/assistant.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { nluItemSchemas } from './schemas/flow-schema.ts';
import { quoteList } from './wording.ts';
import { z } from 'zod';

export interface NluPart {
  readonly origin: Origin;
  readonly nlu: unknown;
}

const KINDS = Object.keys(nluItemSchemas) as (keyof typeof nluItemSchemas)[];

export interface BuiltNlu {
  readonly examples: NluExamples[];
  readonly synonyms: NluSynonym[];
  readonly lookups: NluNamedList[];
  readonly regexes: NluNamedList[];
}

export function buildNlu(parts: readonly NluPart[], report: Reporter): BuiltNlu {
  const byIntent = new Map<string, string[]>();
  const synonyms = new Map<string, string[]>();
  const lookups = new Map<string, string[]>();
  const regexes = new Map<string, string[]>();
  const targets = { intent: byIntent, synonym: synonyms, lookup: lookups, regex: regexes } as const;
  for (const part of parts) {
    if (part.nlu == null) continue;
    const at = childOf(part.origin, 'nlu');
    const items = checkSchema(z.array(z.unknown()), part.nlu, at, report, 'nlu') ?? [];
    items.forEach((item, i) => {
      const itemAt = childOf(at, i);
      const kind = KINDS.find((k) => item !== null && typeof item === 'object' && k in item);
      if (!kind) {
        report.error('nlu.schema', itemAt, 'NLU item has no kind.', `Start it with one of ${quoteList(KINDS)}.`);
        return;
      }
      const parsed = checkSchema(nluItemSchemas[kind], item, itemAt, report, 'nlu') as Record<string, unknown> | undefined;
      if (!parsed) return;
      const name = String(parsed[kind]);
      const texts = exampleList(parsed.examples as string | string[]);
      const target = kind in targets ? targets[kind as keyof typeof targets] : undefined;
      if (target) target.set(name, [...(target.get(name) ?? []), ...texts]);
    });
  }
  return {
    examples: [...byIntent].map(([intent, examples]) => ({ intent, examples })),
    synonyms: [...synonyms].map(([value, list]) => ({ value, synonyms: list })),
    lookups: [...lookups].map(([name, values]) => ({ name, values })),
    regexes: [...regexes].map(([name, values]) => ({ name, values })),
  };
}

/** `"- hi\n- hello"` (Rasa block style) or a plain list → example texts. */
function exampleList(examples: string | string[]): string[] {
  const lines = typeof examples === 'string' ? examples.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('-')).map((l) => l.slice(1).trim()) : examples;
  return lines.filter((l) => l.length > 0);
}
