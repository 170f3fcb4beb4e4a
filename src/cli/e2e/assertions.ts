/**
 * Checks e2e assertions against the events of one turn, as `rasa test e2e` does.
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import type { Event } from '../../core/events.ts';
import type { Assertion } from './test-file.ts';

export type AssertionOutcome =
  | { readonly status: 'passed'; readonly index: number }
  | { readonly status: 'failed'; readonly expected: string; readonly actual: string }
  | { readonly status: 'skipped'; readonly reason: string };

type Matcher = (event: Event) => boolean;

/** Slot values in test files are typed YAML; compare numbers loosely (50 == 50.0). */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'string') return Number(actual) === expected;
  return isDeepStrictEqual(expected, actual);
}

/**
 * `slot_was_not_set` as Rasa checks it: only the slot's last value in the turn counts. Without a
 * value the check fails when that value is not null (a reset passes); with one, when it equals it.
 * Returns what was wrong, or undefined when the check passes.
 */
export function slotWasNotSetViolation(events: readonly Event[], name: string, hasValue: boolean, value: unknown): string | undefined {
  const last = events.findLast((e): e is Extract<Event, { event: 'slot' }> => e.event === 'slot' && e.name === name);
  if (!last) return undefined;
  if (hasValue ? sameValue(value, last.value) : last.value !== null && last.value !== undefined) return `${name} was set to ${shortJson(last.value)}`;
  return undefined;
}

/** Frames pushed in a stack patch (the `value` of add/replace ops, nested values included). */
function pushedFrames(event: Event): Record<string, unknown>[] {
  if (event.event !== 'stack') return [];
  const frames: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.flow_id === 'string') frames.push(record);
      else Object.values(record).forEach(visit);
    }
  };
  try {
    visit(JSON.parse(event.update));
  } catch {
    return [];
  }
  return frames;
}

function botMatcher(spec: { utter_name?: string; text_matches?: string; buttons?: readonly { title: string; payload: string }[] }): Matcher {
  const pattern = spec.text_matches === undefined ? undefined : new RegExp(spec.text_matches);
  return (e) => {
    if (e.event !== 'bot') return false;
    if (spec.utter_name !== undefined && e.metadata?.utter_action !== spec.utter_name) return false;
    if (pattern && !pattern.test(e.text ?? '')) return false;
    if (spec.buttons !== undefined && !isDeepStrictEqual(spec.buttons.map((b) => ({ title: b.title, payload: b.payload })), (e.data.buttons ?? []).map((b) => ({ title: b.title, payload: b.payload })))) return false;
    return true;
  };
}

const MAX_VALUE_CHARS = 60;

/** Slot values as JSON, shortened so that bookkeeping slots (e.g. flow_hashes) do not drown the diff. */
export function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** The events of a turn, one per line, for failure reports. */
export function describeEvents(events: readonly Event[]): string {
  return events
    .filter((e) => e.event !== 'stack')
    .map((e) => {
      switch (e.event) {
        case 'bot':
          return `bot${e.metadata?.utter_action ? `(${String(e.metadata.utter_action)})` : ''}: ${JSON.stringify(e.text)}`;
        case 'slot':
          return `slot ${e.name}=${shortJson(e.value)}`;
        case 'action':
          return `action ${e.name}`;
        case 'user':
          return `user: ${JSON.stringify(e.text)}`;
        default:
          return 'flow_id' in e ? `${e.event} ${e.flow_id}` : e.event;
      }
    })
    .join('\n');
}

/**
 * Checks one assertion against `events`, starting at `from` (ordered mode) or 0.
 * Returns the index of the matching event so ordered checks can continue after it.
 */
export function checkAssertion(assertion: Assertion, events: readonly Event[], from: number): AssertionOutcome {
  const find = (matcher: Matcher, what: string): AssertionOutcome => {
    for (let i = from; i < events.length; i++) if (matcher(events[i]!)) return { status: 'passed', index: i };
    return { status: 'failed', expected: what, actual: `events of the turn${from > 0 ? ' after the previous assertion' : ''}:\n${describeEvents(events.slice(from)) || '(none)'}` };
  };
  if ('flow_started' in assertion) return find((e) => e.event === 'flow_started' && e.flow_id === assertion.flow_started, `flow_started: ${assertion.flow_started}`);
  if ('flow_completed' in assertion || 'flow_cancelled' in assertion) {
    const [kind, spec] = 'flow_completed' in assertion ? (['flow_completed', assertion.flow_completed] as const) : (['flow_cancelled', assertion.flow_cancelled] as const);
    return find(
      (e) => e.event === kind && e.flow_id === spec.flow_id && (spec.flow_step_id === undefined || e.step_id === spec.flow_step_id),
      `${kind}: ${spec.flow_id}${spec.flow_step_id ? ` at step ${spec.flow_step_id}` : ''}`,
    );
  }
  if ('pattern_clarification_contains' in assertion) {
    const expected = assertion.pattern_clarification_contains;
    return find(
      (e) =>
        pushedFrames(e).some((f) => {
          if (f.flow_id !== 'pattern_clarification') return false;
          const context = (f.context ?? {}) as Record<string, unknown>;
          const names = (Array.isArray(context.names) ? context.names : Array.isArray(f.names) ? f.names : []) as unknown[];
          return expected.every((n) => names.includes(n));
        }),
      `pattern_clarification with options ${JSON.stringify(expected)}`,
    );
  }
  if ('action_executed' in assertion) return find((e) => e.event === 'action' && e.name === assertion.action_executed, `action_executed: ${assertion.action_executed}`);
  if ('slot_was_set' in assertion) {
    let index = from;
    for (const slot of assertion.slot_was_set) {
      const outcome = find((e) => e.event === 'slot' && e.name === slot.name && (!('value' in slot) || sameValue(slot.value, e.value)), `slot_was_set: ${slot.name}${'value' in slot ? `=${JSON.stringify(slot.value)}` : ''}`);
      if (outcome.status !== 'passed') return outcome;
      index = Math.max(index, outcome.index);
    }
    return { status: 'passed', index };
  }
  if ('slot_was_not_set' in assertion) {
    for (const slot of assertion.slot_was_not_set) {
      const actual = slotWasNotSetViolation(events.slice(from), slot.name, 'value' in slot, slot.value);
      if (actual !== undefined) return { status: 'failed', expected: `slot_was_not_set: ${slot.name}${'value' in slot ? `=${JSON.stringify(slot.value)}` : ''}`, actual };
    }
    return { status: 'passed', index: from };
  }
  if ('bot_uttered' in assertion) return find(botMatcher(assertion.bot_uttered), `bot_uttered ${JSON.stringify(assertion.bot_uttered)}`);
  return { status: 'skipped', reason: 'generative response assertions need an LLM judge (conftest.yml llm_judge), which is not configured' };
}
