/**
 * Parser for the command DSL that LLM command generators answer in (Rasa `command_parser.py`):
 * one command per line, v2/v3 syntax (`start flow x`, `set slot s v`, …) with v1 calls
 * (`StartFlow(x)`) tolerated, plus the repairs Rasa applies to what models actually write.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { Command } from '../../core/commands.ts';
import { flowResolverFor, type FlowResolver } from './flow-resolver.ts';
import { cleanSlotValue, stripQuotes } from './slot-value.ts';

/** v1 = `StartFlow(x)` calls (legacy generators); v2 = Compact; v3 = SearchReady (`search and reply`). */
export type DslVersion = 'v1' | 'v2' | 'v3';

export interface ParseCommandsOptions {
  readonly assistant: Assistant;
  /** Default `v2`. All syntaxes are accepted; in v3 `offtopic reply` means `search and reply`. */
  readonly version?: DslVersion;
}

interface LineContext {
  readonly flows: FlowResolver;
  readonly version: DslVersion;
}

const CANNOT_HANDLE: Command = { command: 'cannot handle' };

/**
 * Parses an LLM answer into commands. Never throws; lines that are not commands are ignored,
 * and an answer with no command at all yields `[{command: 'cannot handle'}]`.
 */
export function parseCommands(text: string, opts: ParseCommandsOptions): Command[] {
  const ctx: LineContext = { flows: flowResolverFor(opts.assistant), version: opts.version ?? 'v2' };
  const commands = String(text ?? '')
    .split(/\r\n|\r|\n/)
    .flatMap((line) => parseLine(line, ctx));
  return commands.length > 0 ? commands : [CANNOT_HANDLE];
}

function parseLine(rawLine: string, ctx: LineContext): Command[] {
  const calls = parseV1Calls(rawLine, ctx);
  if (calls.length > 0) return calls;
  const line = cleanLine(rawLine);
  if (line === '') return [];
  const keyword = KEYWORD_COMMANDS.get(line.toLowerCase().replace(/[^a-z]+$/, '').replace(/\s+/g, ' '));
  if (keyword) return [keyword(ctx.version)];
  return parseCommandWithArguments(line, ctx);
}

/** Leading bullets, numbering, markdown and quotes; trailing quotes, backticks and separators. */
function cleanLine(rawLine: string): string {
  return rawLine
    .replace(/^[^\p{L}\p{N}_]*(?:\d+\s*[.):\]-]+)?[^\p{L}\p{N}_]*/u, '')
    .replace(/[\s`'";,]+$/, '');
}

/** Commands without arguments, by their DSL spelling (lowercase, single spaces). */
const KEYWORD_COMMANDS = new Map<string, (version: DslVersion) => Command>([
  ['cancel flow', () => ({ command: 'cancel flow' })],
  ['offtopic reply', (version) => (version === 'v3' ? { command: 'knowledge' } : { command: 'chitchat' })],
  ['provide info', () => ({ command: 'knowledge' })],
  ['search and reply', () => ({ command: 'knowledge' })],
  ['hand over', () => ({ command: 'human handoff' })],
  ['skip question', () => ({ command: 'skip question' })],
  ['repeat message', () => ({ command: 'repeat' })],
  ['cannot handle', () => ({ command: 'cannot handle' })],
  ['continue agent', () => ({ command: 'continue agent' })],
]);

const START_FLOW = /^start\s+flow\s+(.+)$/i;
const SET_SLOT = /^set\s+slot\s+['"`]?([A-Za-z_][\w-]*)['"`]?(?:\s+(.*))?$/i;
const DISAMBIGUATE = /^disambiguate\s+flows?\b(.*)$/i;
const RESTART_AGENT = /^restart\s+agent\s+['"`]?([\w-]+)/i;

function parseCommandWithArguments(line: string, ctx: LineContext): Command[] {
  let match = START_FLOW.exec(line);
  if (match) return startFlow(match[1] ?? '', ctx);
  match = SET_SLOT.exec(line);
  if (match) return setSlot(match[1] ?? '', match[2], ctx);
  match = DISAMBIGUATE.exec(line);
  if (match) return disambiguate(splitOptions(match[1] ?? ''), ctx);
  match = RESTART_AGENT.exec(line);
  if (match) return [{ command: 'restart agent', agent_id: match[1] ?? '' }];
  return [];
}

/** Resolves the whole reference first (readable names have spaces), then its first word. */
function startFlow(reference: string, ctx: LineContext): Command[] {
  const cleaned = cleanReference(reference);
  const flow = ctx.flows.resolve(cleaned) ?? ctx.flows.resolve(cleanReference(cleaned.split(/[\s,]+/)[0] ?? ''));
  return flow ? [{ command: 'start flow', flow }] : [];
}

/** A flow reference without quotes or sentence punctuation (`transfer_money.`). */
function cleanReference(text: string): string {
  return stripQuotes(stripQuotes(text).replace(/[.!?;:]+$/, ''));
}

function setSlot(name: string, rawValue: string | undefined, ctx: LineContext): Command[] {
  if (rawValue === undefined) return [];
  // Models sometimes try to start a flow by setting a slot called flow_name.
  if (name === 'flow_name') return startFlow(rawValue, ctx);
  return [{ command: 'set slot', name, value: cleanSlotValue(rawValue), extractor: 'LLM' }];
}

/** Keeps valid user-flow options: none ⇒ nothing, one distinct ⇒ start it, several ⇒ clarify. */
function disambiguate(options: readonly string[], ctx: LineContext): Command[] {
  const flows = [...new Set(options.map((option) => ctx.flows.resolve(option)).filter((id) => id !== undefined))];
  if (flows.length === 0) return [];
  if (flows.length === 1) return [{ command: 'start flow', flow: flows[0] as string }];
  return [{ command: 'clarify', options: flows }];
}

function splitOptions(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(cleanReference)
    .filter((option) => option !== '');
}

/** `Name(args)` calls of the v1 syntax; several may share a line. */
const V1_CALL = /\b(StartFlow|SetSlot|CancelFlow|Clarify|ChitChat|SearchAndReply|KnowledgeAnswer|HumanHandoff|SkipQuestion|RepeatLastBotMessages|CannotHandle|ContinueAgent|RestartAgent)\(([^)]*)\)/g;

function parseV1Calls(line: string, ctx: LineContext): Command[] {
  const commands: Command[] = [];
  for (const [, name, args = ''] of line.matchAll(V1_CALL)) {
    commands.push(...parseV1Call(name ?? '', args, ctx));
  }
  return commands;
}

function parseV1Call(name: string, args: string, ctx: LineContext): Command[] {
  switch (name) {
    case 'StartFlow':
      return startFlow(args, ctx);
    case 'SetSlot': {
      const comma = args.indexOf(',');
      if (comma < 0) return [];
      const slot = stripQuotes(args.slice(0, comma));
      return /^[A-Za-z_][\w-]*$/.test(slot) ? setSlot(slot, args.slice(comma + 1), ctx) : [];
    }
    case 'Clarify':
      return disambiguate(splitOptions(args), ctx);
    case 'RestartAgent': {
      const agent = stripQuotes(args);
      return /^[\w-]+$/.test(agent) ? [{ command: 'restart agent', agent_id: agent }] : [];
    }
    default:
      return [V1_KEYWORDS[name] ?? CANNOT_HANDLE];
  }
}

const V1_KEYWORDS: Readonly<Record<string, Command>> = {
  CancelFlow: { command: 'cancel flow' },
  ChitChat: { command: 'chitchat' },
  SearchAndReply: { command: 'knowledge' },
  KnowledgeAnswer: { command: 'knowledge' },
  HumanHandoff: { command: 'human handoff' },
  SkipQuestion: { command: 'skip question' },
  RepeatLastBotMessages: { command: 'repeat' },
  CannotHandle: { command: 'cannot handle' },
  ContinueAgent: { command: 'continue agent' },
};
