/**
 * The system message of a ReAct sub-agent: a Jinja template (ours, or the project's
 * `prompt_template`) rendered with nunjucks.
 * @module
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import nunjucks from 'nunjucks';
import type { AgentSlot } from '../../../core/agent-io.ts';

export interface SystemPromptVars {
  readonly description: string;
  readonly slots: readonly AgentSlot[];
  /** Task-specific agents: the slots to fill. Empty for general-purpose agents. */
  readonly slot_names: readonly string[];
  readonly current_datetime?: string;
  readonly enable_filler_messages: boolean;
  readonly resumed_after_interruption: boolean;
  readonly resumed_last_request?: string;
  readonly restarted: boolean;
}

// No loader: templates cannot include files; no autoescape: the output is a prompt, not HTML.
const env = new nunjucks.Environment(null, { autoescape: false, trimBlocks: true, lstripBlocks: true });

const DEFAULT_TEMPLATE = readFileSync(new URL('./default-prompt.jinja2', import.meta.url), 'utf8');

/** The template text: the project's file (project-relative path) or our default. */
export function loadPromptTemplate(projectRoot: string, templatePath: string | undefined): string {
  if (!templatePath) return DEFAULT_TEMPLATE;
  return readFileSync(isAbsolute(templatePath) ? templatePath : resolve(projectRoot, templatePath), 'utf8');
}

export function renderSystemPrompt(template: string, vars: SystemPromptVars): string {
  return env.renderString(template, { ...vars }).replace(/\n{3,}/g, '\n\n').trim();
}

/** e.g. "Tuesday, 3 March 2026 at 14:05:00 CET" in the agent's `timezone`. */
export function formatDateTime(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(epochMs);
}
