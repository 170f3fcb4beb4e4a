/**
 * Renders this repository's Helm chart without `helm` (not installed here): the subset of Go
 * templates the chart uses — values (`.Values.…`, `.Release.…`, `.Chart.…`), `if`/`else`/`end`,
 * `not`, pipes to `quote`, `default`, `toYaml`, `indent`, `nindent`, and `{{-`/`-}}` trimming.
 * Anything else throws, so the chart cannot drift outside what the test can check.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface RenderContext {
  readonly Values: Record<string, unknown>;
  readonly Release: { readonly Name: string; readonly Namespace: string };
  readonly Chart: Record<string, unknown>;
}

type Token = { kind: 'text'; text: string } | { kind: 'action'; body: string };

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    let text = template.slice(last, match.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (match[1] === '-') text = text.replace(/\s+$/, '');
    tokens.push({ kind: 'text', text }, { kind: 'action', body: match[2]! });
    trimNext = match[3] === '-';
    last = pattern.lastIndex;
  }
  let rest = template.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  tokens.push({ kind: 'text', text: rest });
  return tokens;
}

function lookup(path: string, ctx: RenderContext): unknown {
  let value: unknown = ctx;
  for (const key of path.slice(1).split('.')) value = value == null ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

function argument(word: string, ctx: RenderContext): unknown {
  if (word.startsWith('.')) return lookup(word, ctx);
  if (/^".*"$/.test(word)) return JSON.parse(word) as string;
  if (/^\d+$/.test(word)) return Number(word);
  throw new Error(`helm-render: unsupported argument '${word}'`);
}

const truthy = (v: unknown) => !(v === undefined || v === null || v === false || v === '' || v === 0 || (typeof v === 'object' && Object.keys(v).length === 0));
const toText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
const indentBy = (n: number, s: string) => s.split('\n').map((line) => ' '.repeat(n) + line).join('\n');

function call(name: string, args: unknown[]): unknown {
  switch (name) {
    case 'quote':
      return JSON.stringify(toText(args[0]));
    case 'not':
      return !truthy(args[0]);
    case 'default':
      return truthy(args[1]) ? args[1] : args[0];
    case 'toYaml':
      return stringify(args[0]).replace(/\n$/, '');
    case 'indent':
      return indentBy(args[0] as number, toText(args[1]));
    case 'nindent':
      return `\n${indentBy(args[0] as number, toText(args[1]))}`;
    default:
      throw new Error(`helm-render: unsupported function '${name}'`);
  }
}

function evaluate(pipeline: string, ctx: RenderContext): unknown {
  let value: unknown;
  pipeline.split('|').forEach((stage, i) => {
    const [head, ...words] = stage.trim().split(/\s+/);
    const args = words.map((w) => argument(w, ctx));
    if (head!.startsWith('.') || head!.startsWith('"')) {
      if (i > 0 || words.length > 0) throw new Error(`helm-render: cannot read '${stage}'`);
      value = argument(head!, ctx);
    } else {
      value = call(head!, i === 0 ? args : [...args, value]);
    }
  });
  return value;
}

export function renderTemplate(template: string, ctx: RenderContext): string {
  let out = '';
  // One frame per open `if`: whether its branch is being output.
  const frames: { parentOn: boolean; taken: boolean; on: boolean }[] = [];
  const on = () => frames.every((f) => f.on);
  for (const token of tokenize(template)) {
    if (token.kind === 'text') {
      if (on()) out += token.text;
      continue;
    }
    const [keyword, ...rest] = token.body.split(/\s+/);
    if (keyword === 'if') {
      const parentOn = on();
      const taken = parentOn && truthy(evaluate(rest.join(' '), ctx));
      frames.push({ parentOn, taken, on: taken });
    } else if (keyword === 'else') {
      const frame = frames.at(-1);
      if (!frame) throw new Error('helm-render: else without if');
      frame.on = !frame.taken;
    } else if (keyword === 'end') {
      if (!frames.pop()) throw new Error('helm-render: end without if');
    } else if (keyword!.startsWith('/*')) {
      continue;
    } else if (on()) {
      out += toText(evaluate(token.body, ctx));
    }
  }
  if (frames.length > 0) throw new Error('helm-render: unclosed if');
  return out;
}

/** Every manifest the chart renders with its values.yaml merged with `overrides` (one level deep per key). */
export function renderChart(chartDir: string, overrides: Record<string, unknown> = {}, release = { Name: 'bot', Namespace: 'default' }): Record<string, unknown>[] {
  const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    values[key] = value && typeof value === 'object' && !Array.isArray(value) ? { ...(values[key] as object), ...value } : value;
  }
  const ctx: RenderContext = { Values: values, Release: release, Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion } };
  const templates = readdirSync(join(chartDir, 'templates')).filter((f) => f.endsWith('.yaml')).sort();
  return templates.flatMap((file) => {
    const text = renderTemplate(readFileSync(join(chartDir, 'templates', file), 'utf8'), ctx);
    return text.trim() === '' ? [] : [parse(text) as Record<string, unknown>];
  });
}
