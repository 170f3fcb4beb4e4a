/**
 * Renders command-generator prompts: Jinja templates through nunjucks, with the filters and
 * Python-style names (`None`, `True`, `False`) that Rasa prompt templates use.
 * @module
 */
import { readFileSync } from 'node:fs';
import nunjucks from 'nunjucks';

/** The built-in templates shipped beside this module. */
export type DefaultPromptTemplate = 'compact-v2' | 'search-ready-v3';

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
// Rasa's filter: a JSON string literal, so descriptions with quotes or newlines keep the JSON valid.
env.addFilter('to_json_escaped_string', (value: unknown) => JSON.stringify(value ?? null));
env.addFilter('tojson', (value: unknown) => JSON.stringify(value ?? null));
env.addGlobal('None', null);
env.addGlobal('True', true);
env.addGlobal('False', false);

const compiled = new Map<string, nunjucks.Template>();

/** Reads a built-in template. */
export function defaultPromptTemplate(name: DefaultPromptTemplate): string {
  return readFileSync(new URL(`./${name}.jinja2`, import.meta.url), 'utf8');
}

/** Compiles `source` (cached by its text); throws on template syntax errors. */
export function compilePrompt(source: string): nunjucks.Template {
  let template = compiled.get(source);
  if (!template) {
    template = new nunjucks.Template(source, env, undefined, true);
    compiled.set(source, template);
  }
  return template;
}

/** Renders `source` with `variables`. Throws on template syntax errors and on errors while rendering. */
export function renderPrompt(source: string, variables: Readonly<Record<string, unknown>>): string {
  return compilePrompt(source).render({ ...variables });
}
