/**
 * `generative_response_is_relevant` / `generative_response_is_grounded`: picks the bot response
 * of the turn as Rasa does and lets the LLM judge score it against the threshold.
 * @module
 */
import type { Event } from '../../core/events.ts';
import { describeEvents, type AssertionOutcome } from './assertions.ts';
import { JudgeError, type JudgeVerdict, type LlmJudge } from './judge.ts';
import type { Assertion } from './test-file.ts';

type GenerativeAssertion = Extract<Assertion, { generative_response_is_relevant: unknown } | { generative_response_is_grounded: unknown }>;
type BotEvent = Extract<Event, { event: 'bot' }>;

/** Rasa's default threshold for both assertions. */
export const DEFAULT_THRESHOLD = 0.5;

/** Sources of generated responses in Rasa; responses from other sources are judged only when named by `utter_source`. */
const GENERATIVE_SOURCES = new Set(['EnterpriseSearchPolicy', 'ContextualResponseRephraser', 'IntentlessPolicy']);

export function isGenerativeAssertion(assertion: Assertion): assertion is GenerativeAssertion {
  return 'generative_response_is_relevant' in assertion || 'generative_response_is_grounded' in assertion;
}

export interface JudgeContext {
  readonly judge: LlmJudge;
  /** The user message of the step, which the response should answer. */
  readonly userMessage: string;
  readonly events: readonly Event[];
  /** First event to consider (after the previous assertion when the order is enforced). */
  readonly from: number;
}

export async function checkGenerativeAssertion(assertion: GenerativeAssertion, context: JudgeContext): Promise<AssertionOutcome> {
  const relevant = 'generative_response_is_relevant' in assertion;
  const spec = relevant ? assertion.generative_response_is_relevant : assertion.generative_response_is_grounded;
  const kind = relevant ? 'generative_response_is_relevant' : 'generative_response_is_grounded';
  const threshold = spec.threshold ?? DEFAULT_THRESHOLD;
  const expected = `${kind} (threshold ${threshold}${spec.utter_name ? `, utter_name ${spec.utter_name}` : ''}${spec.utter_source ? `, utter_source ${spec.utter_source}` : ''})`;
  const fail = (actual: string): AssertionOutcome => ({ status: 'failed', expected, actual });

  const picked = pickResponse(context.events, context.from, spec.utter_name, spec.utter_source);
  if ('missing' in picked) return fail(`${picked.missing}; events of the turn:\n${describeEvents(context.events.slice(context.from)) || '(none)'}`);
  const botText = picked.event.text ?? '';

  let verdict: JudgeVerdict;
  try {
    if (relevant) {
      verdict = await context.judge.relevance(context.userMessage, botText);
    } else {
      const groundTruth = assertion.generative_response_is_grounded.ground_truth ?? groundTruthOf(picked.event);
      if (!groundTruth) return fail(`no ground truth to check ${JSON.stringify(botText)} against: give 'ground_truth' in the assertion`);
      verdict = await context.judge.groundedness(botText, groundTruth);
    }
  } catch (error) {
    if (error instanceof JudgeError) return fail(`${error.message} (while judging ${JSON.stringify(botText)})`);
    throw error;
  }
  if (verdict.score >= threshold) return { status: 'passed', index: picked.index };
  return fail(
    `the bot response ${JSON.stringify(botText)} to ${JSON.stringify(context.userMessage)} is not ${relevant ? 'relevant' : 'grounded'} enough: ` +
      `score ${verdict.score.toFixed(2)} < threshold ${threshold}\njudge: ${verdict.justification}`,
  );
}

/**
 * The response to judge: the first bot message of the turn from `utter_source` (if given), else from
 * one of Rasa's generative sources, else any bot message with text (colloquy's own responses carry no
 * source); among those, the one of `utter_name` when given.
 */
function pickResponse(events: readonly Event[], from: number, utterName?: string, utterSource?: string): { event: BotEvent; index: number } | { missing: string } {
  const bots = events.map((event, index) => ({ event, index })).filter((b, i): b is { event: BotEvent; index: number } => i >= from && b.event.event === 'bot' && !!b.event.text);
  const source = (b: { event: BotEvent }) => b.event.metadata?.utter_source;
  let candidates: typeof bots;
  if (utterSource !== undefined) {
    candidates = bots.filter((b) => source(b) === utterSource);
    if (candidates.length === 0) return { missing: `no bot response from utter_source ${utterSource} in this turn` };
  } else {
    const generative = bots.filter((b) => GENERATIVE_SOURCES.has(String(source(b))));
    candidates = generative.length > 0 ? generative : bots;
    if (candidates.length === 0) return { missing: 'the bot sent no text response in this turn' };
  }
  if (utterName === undefined) return candidates[0]!;
  return candidates.find((b) => b.event.metadata?.utter_action === utterName) ?? { missing: `the bot did not utter ${utterName}` };
}

/** Retrieved context that Rasa's generative sources attach to their responses. */
function groundTruthOf(event: BotEvent): string | undefined {
  const value = event.metadata?.search_results ?? event.metadata?.domain_ground_truth;
  if (Array.isArray(value)) return value.map(String).join('\n');
  return typeof value === 'string' && value !== '' ? value : undefined;
}
