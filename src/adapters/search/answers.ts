/**
 * Turning retrieved chunks into the bot's answer: the prompt for the LLM (Rasa's template
 * variables), the relevancy marker, citation renumbering, and the extractive answer used without
 * an LLM (`use_generative_llm: false`, or offline).
 * @module
 */
import { readFileSync } from 'node:fs';
import nunjucks from 'nunjucks';
import type { Domain } from '../../core/domain.ts';
import type { Event } from '../../core/events.ts';
import { sentencesOf } from './documents.ts';
import type { Hit } from './retriever.ts';
import { termsOf } from './terms.ts';

export const DEFAULT_SEARCH_PROMPT = readFileSync(new URL('./enterprise-search-prompt.jinja2', import.meta.url), 'utf8');

/** Rasa's marker for "the documents do not answer this" (prompt with `check_relevancy`). */
const NOT_RELEVANT = /\[NO_RAG_ANSWER\]/;

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
env.addGlobal('None', null);
env.addGlobal('True', true);
env.addGlobal('False', false);
// Jinja's `loop.cycle(a, b, …)` (Rasa's default search prompt uses it); nunjucks' loop has no `cycle`.
env.addGlobal('__cycle', (index: number, ...values: unknown[]) => values[index % values.length]);
const LOOP_CYCLE = /\bloop\.cycle\(/g;

export interface PromptInputs {
  readonly hits: readonly Hit[];
  readonly currentConversation: string;
  readonly slots: Readonly<Record<string, unknown>>;
  readonly domain: Domain;
  readonly citationEnabled: boolean;
  readonly checkRelevancy: boolean;
}

export function renderSearchPrompt(template: string, inputs: PromptInputs): string {
  return env.renderString(template.replace(LOOP_CYCLE, '__cycle(loop.index0, '), {
    docs: inputs.hits.map((h) => ({ text: h.chunk.text, metadata: { source: h.chunk.source } })),
    current_conversation: inputs.currentConversation,
    slots: slotsForPrompt(inputs.slots, inputs.domain),
    citation_enabled: inputs.citationEnabled,
    check_relevancy: inputs.checkRelevancy,
  });
}

/** Filled slots of the project (not the pattern helpers), as Rasa lists them. */
function slotsForPrompt(slots: Readonly<Record<string, unknown>>, domain: Domain): { name: string; value: string; type: string }[] {
  return Object.entries(slots).flatMap(([name, value]) => {
    const slot = domain.slots[name];
    if (!slot || slot.builtin || value === null || value === undefined || name === 'requested_slot') return [];
    return [{ name, value: typeof value === 'string' ? value : JSON.stringify(value), type: slot.type }];
  });
}

export function isNotRelevant(completion: string): boolean {
  return NOT_RELEVANT.test(completion);
}

/** The user and bot messages the search query is made of: the latest `count`, newest first (Rasa's order). */
export function searchQueryOf(events: readonly Event[], count: number): { text: string; latest: string } {
  const messages: string[] = [];
  let latest = '';
  for (let i = events.length - 1; i >= 0 && messages.length < count; i--) {
    const e = events[i]!;
    if ((e.event === 'user' || e.event === 'bot') && e.text) {
      messages.push(e.text);
      if (e.event === 'user' && !latest) latest = e.text;
    }
  }
  return { text: messages.join(' '), latest: latest || (messages[0] ?? '') };
}

/**
 * Renumbers an LLM answer's citations by first use (`[3] … [1]` → `[1] … [2]`), drops citations of
 * sources the "Sources:" list lacks, and lists cited sources first, then uncited ones, then any
 * other lines. An answer without a "Sources:" part is returned trimmed.
 */
export function renumberCitations(answer: string): string {
  const split = answer.lastIndexOf('Sources:');
  if (split < 0) return answer.trim();
  const body = answer.slice(0, split);
  const sources = new Map<number, string>();
  const otherLines: string[] = [];
  for (const line of answer.slice(split + 'Sources:'.length).split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^\[(\d+)\]/.exec(line);
    if (m) sources.set(Number(m[1]), line);
    else otherLines.push(line);
  }
  const order: number[] = [];
  for (const m of body.matchAll(/\[([^\]]+)\]/g)) {
    for (const n of m[1]!.split(',').map((s) => Number(s.trim()))) if (sources.has(n) && !order.includes(n)) order.push(n);
  }
  const renumber = new Map(order.map((old, i) => [old, i + 1]));
  const text = body
    .replace(/\[([^\]]+)\]/g, (_, inner: string) => {
      const numbers = [...new Set(inner.split(',').flatMap((s) => renumber.get(Number(s.trim())) ?? []))].sort((a, b) => a - b);
      return numbers.length > 0 ? `[${numbers.join(', ')}]` : ' ';
    })
    .replace(/\s+([,.?!])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const lines = [
    ...order.map((old) => sources.get(old)!.replace(`[${old}]`, `[${renumber.get(old)}]`)),
    ...[...sources.keys()].filter((n) => !renumber.has(n)).sort((a, b) => a - b).map((n) => sources.get(n)!),
    ...otherLines,
  ];
  return lines.length > 0 ? `${text}\nSources:\n${lines.join('\n')}` : text;
}

/**
 * The answer without an LLM, from the best chunk: the answer of its best-matching `Q:`/`A:` pair
 * when it is an FAQ, else its sentence sharing the most words with the question (with the next
 * sentence when that one is short). `undefined` when the chunk shares no word with the question.
 */
export function extractiveAnswer(hits: readonly Hit[], question: string): string | undefined {
  const chunk = hits[0]!.chunk.text;
  const wanted = new Set(termsOf(question));
  const overlap = (text: string) => new Set(termsOf(text).filter((t) => wanted.has(t))).size;
  if (overlap(chunk) === 0) return undefined;
  const faq = faqPairs(chunk);
  if (faq.length > 0) return best(faq, (pair) => overlap(pair.question) * 2 + overlap(pair.answer)).answer;
  const sentences = sentencesOf(chunk)
    .filter((s) => !/^#{1,6}\s/.test(s))
    .map((s) => s.replace(/^[-*•]\s+/, ''));
  if (sentences.length === 0) return chunk.trim();
  const index = sentences.indexOf(best(sentences, overlap));
  const first = sentences[index]!;
  const next = sentences[index + 1];
  return first.length < 80 && next ? `${first} ${next}` : first;
}

function faqPairs(text: string): { question: string; answer: string }[] {
  return [...text.matchAll(/^\s*Q:\s*(.+?)\s*\n\s*A:\s*([\s\S]+?)(?=\n\s*Q:|$)/gm)].map((m) => ({ question: m[1]!, answer: m[2]!.replace(/\s+/g, ' ').trim() }));
}

/** The highest-scoring item; the first one on ties. */
function best<T>(items: readonly T[], score: (item: T) => number): T {
  let top = 0;
  let topScore = score(items[0]!);
  for (let i = 1; i < items.length; i++) {
    const s = score(items[i]!);
    if (s > topScore) [top, topScore] = [i, s];
  }
  return items[top]!;
}
