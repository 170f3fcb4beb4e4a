/**
 * What a project's own training data says about slot values and ordinary words: the entity values
 * annotated in NLU examples (`[hawaiian](pizza_type)`, `[large]{"entity": "size", "value": "L"}`)
 * and listed in lookup tables, and the entity regexes, mapped to the slots that take them
 * (`from_entity` mappings, or a slot named like the entity); and
 * the lower-case words of the examples, flow names, descriptions and responses — words the
 * project's users and authors use as plain words, which are therefore never a person's name.
 * @module
 */
import type { Assistant, NluSynonym } from '../../core/assistant.ts';

export interface ProjectVocabulary {
  /** Slot → values the NLU examples annotate for it, in their canonical spelling. */
  readonly slotValues: Readonly<Record<string, readonly string[]>>;
  /** Slot → regexes (sources) of its entity in the NLU data. */
  readonly slotPatterns: Readonly<Record<string, readonly string[]>>;
  /** Annotations whose text differs from their value (`[mint]{"entity": "tea", "value": "peppermint"}`), as synonyms. */
  readonly synonyms: readonly NluSynonym[];
  /** Lower-case words of the project's texts (sorted). */
  readonly commonWords: readonly string[];
}

const ANNOTATION = /\[([^\]\n]{1,200})\](?:\(([^)\n]{1,200})\)|(\{[^}\n]{1,400}\}))/g;

export function learnVocabulary(assistant: Assistant): ProjectVocabulary {
  const entityValues = new Map<string, Set<string>>();
  const aliases = new Map<string, Set<string>>();
  const plainTexts: string[] = [];
  for (const { examples } of assistant.nlu) {
    for (const example of examples) {
      for (const match of example.matchAll(ANNOTATION)) {
        const annotation = readAnnotation(match[1]!, match[2], match[3]);
        if (!annotation) continue;
        let values = entityValues.get(annotation.entity);
        if (!values) entityValues.set(annotation.entity, (values = new Set()));
        values.add(annotation.value);
        if (annotation.value !== match[1]) {
          let forValue = aliases.get(annotation.value);
          if (!forValue) aliases.set(annotation.value, (forValue = new Set()));
          forValue.add(match[1]!);
        }
      }
      // annotated values are slot values, not plain words
      plainTexts.push(example.replace(ANNOTATION, ' '));
    }
  }
  for (const lookup of assistant.lookups ?? []) {
    let values = entityValues.get(lookup.name);
    if (!values) entityValues.set(lookup.name, (values = new Set()));
    for (const value of lookup.values) values.add(value);
  }
  const entityPatterns = new Map((assistant.regexes ?? []).map((r) => [r.name, r.values.filter(compiles)]));
  for (const flow of Object.values(assistant.flows)) plainTexts.push(flow.name ?? '', flow.description ?? '');
  for (const variations of Object.values(assistant.domain.responses)) {
    for (const variation of variations) if (typeof variation.text === 'string') plainTexts.push(variation.text.replace(/\{[^}]*\}/g, ' '));
  }
  const slotValues: Record<string, string[]> = {};
  const slotPatterns: Record<string, string[]> = {};
  for (const [name, slot] of Object.entries(assistant.domain.slots)) {
    const entities = [...new Set([name, ...slot.mappings.flatMap((m) => (m.type === 'from_entity' && m.entity ? [m.entity] : []))])];
    const values = entities.flatMap((entity) => [...(entityValues.get(entity) ?? [])]);
    if (values.length > 0) slotValues[name] = [...new Set(values)];
    const patterns = entities.flatMap((entity) => entityPatterns.get(entity) ?? []);
    if (patterns.length > 0) slotPatterns[name] = patterns;
  }
  return {
    slotValues,
    slotPatterns,
    synonyms: [...aliases].map(([value, texts]) => ({ value, synonyms: [...texts] })),
    commonWords: [...new Set(plainTexts.flatMap(lowerCaseWords))].sort(),
  };
}

function readAnnotation(text: string, entity: string | undefined, json: string | undefined): { entity: string; value: string } | undefined {
  if (entity) return { entity: entity.split(':')[0]!.trim(), value: text };
  try {
    const parsed = JSON.parse(json!) as { entity?: unknown; value?: unknown };
    if (typeof parsed.entity !== 'string') return undefined;
    return { entity: parsed.entity, value: typeof parsed.value === 'string' ? parsed.value : text };
  } catch {
    return undefined;
  }
}

/** Words written in lower case (a capitalised word may be a name, even in a project's own text). */
function lowerCaseWords(text: string): string[] {
  return (text.match(/(?<![\p{L}\p{N}'@_.-])\p{Ll}[\p{L}\p{M}]+/gu) ?? []).map((w) => w.toLowerCase());
}

/** A project regex JavaScript cannot compile is left out rather than failing every turn. */
function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}
