/**
 * Loads `offline-eval.yml` into runnable cases (dialogue state + expected commands) and scores
 * a command generator on them. Shared by `bench/offline-accuracy.ts` and the accuracy test.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Command } from '../../src/core/commands.ts';
import type { DialogueStack, Frame } from '../../src/core/stack.ts';
import { emptyConversationState, type ConversationState } from '../../src/core/state.ts';
import type { Assistant } from '../../src/core/assistant.ts';
import type { CommandGenerator } from '../../src/understanding/command-generator.ts';

export const EVAL_FILE = new URL('./offline-eval.yml', import.meta.url);

interface StateSpec {
  readonly flow?: string;
  readonly collect?: string;
  readonly pattern?: string;
  readonly agent?: string;
  readonly slots?: Readonly<Record<string, unknown>>;
}

export interface EvalCase {
  readonly text: string;
  readonly category: string;
  readonly stateName: string;
  readonly state: ConversationState;
  /** Canonical command strings, sorted. */
  readonly expected: readonly string[];
  /** `test` cases are held out: never look at them while tuning. */
  readonly split: 'dev' | 'test';
}

export interface EvalResult {
  readonly case: EvalCase;
  readonly actual: readonly string[];
  readonly ok: boolean;
}

export function loadEvalCases(file: URL = EVAL_FILE): EvalCase[] {
  const doc = parse(readFileSync(file, 'utf8')) as {
    states: Record<string, StateSpec>;
    cases: { text: string | number; category: string; state: string; expect: string[] }[];
  };
  return doc.cases.map((c) => {
    const text = String(c.text);
    const spec = c.state === 'idle' ? {} : doc.states[c.state];
    if (!spec) throw new Error(`offline-eval.yml: unknown state '${c.state}' in case '${text}'`);
    return {
      text,
      category: c.category,
      stateName: c.state,
      state: buildState(spec),
      expected: c.expect.map(parseExpected).sort(),
      split: hash(text) % 3 === 0 ? 'test' : 'dev',
    };
  });
}

export async function runEval(generator: CommandGenerator, assistant: Assistant, cases: readonly EvalCase[]): Promise<EvalResult[]> {
  const results: EvalResult[] = [];
  for (const evalCase of cases) {
    const { commands } = await generator.predict({ assistant, state: evalCase.state, text: evalCase.text });
    const actual = commands.map(canonical).sort();
    results.push({ case: evalCase, actual, ok: actual.join('\n') === evalCase.expected.join('\n') });
  }
  return results;
}

export function accuracy(results: readonly EvalResult[]): number {
  return results.length === 0 ? 0 : results.filter((r) => r.ok).length / results.length;
}

/** A command as `name args`, without extractor or cannot-handle reason, values as JSON. */
export function canonical(command: Command): string {
  switch (command.command) {
    case 'start flow':
      return `start flow ${command.flow}`;
    case 'set slot':
      return `set slot ${command.name} ${JSON.stringify(command.value)}`;
    case 'clarify':
      return `clarify ${[...command.options].sort().join(' ')}`;
    default:
      return command.command;
  }
}

function parseExpected(line: string): string {
  const setSlot = /^set slot (\S+) (.*)$/.exec(line);
  if (setSlot) return `set slot ${setSlot[1]} ${JSON.stringify(parse(setSlot[2]!))}`;
  const clarify = /^clarify (.*)$/.exec(line);
  if (clarify) return `clarify ${clarify[1]!.split(/\s+/).sort().join(' ')}`;
  return line;
}

function buildState(spec: StateSpec): ConversationState {
  const frames: Frame[] = [];
  if (spec.flow) frames.push({ type: 'flow', frame_id: 'f1', flow_id: spec.flow, step_id: spec.collect ? `collect_${spec.collect}` : 'START', frame_type: 'regular' });
  if (spec.pattern) frames.push({ type: 'pattern', frame_id: 'p1', flow_id: spec.pattern, step_id: `collect_${spec.collect}`, context: {} });
  if (spec.collect) {
    frames.push({ type: 'pattern', frame_id: 'c1', flow_id: 'pattern_collect_information', step_id: 'start', context: { collect: spec.collect, utter: `utter_ask_${spec.collect}` } });
  }
  if (spec.agent) frames.push({ type: 'agent', frame_id: 'a1', agent_id: spec.agent, flow_id: spec.flow ?? '', step_id: 'call_agent', state: 'waiting_for_input', metadata: {} });
  const stack: DialogueStack = frames;
  return { ...emptyConversationState('eval', { ...spec.slots }), stack };
}

/** FNV-1a, so the dev/test split is stable across runs and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
