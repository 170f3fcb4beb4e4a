import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/events.ts';
import { checkGenerativeAssertion, isGenerativeAssertion } from './judge-assertions.ts';
import type { JudgeVerdict, LlmJudge } from './judge.ts';
import { JudgeError } from './judge.ts';

const bot = (text: string, metadata: Record<string, unknown> = {}): Event => ({ event: 'bot', timestamp: 0, text, data: {}, metadata });
const action = (name: string): Event => ({ event: 'action', timestamp: 0, name });

/** A judge giving `score`, recording what it was asked. */
function fakeJudge(score: number | Error): LlmJudge & { calls: string[][] } {
  const calls: string[][] = [];
  const verdict = async (...args: string[]): Promise<JudgeVerdict> => {
    calls.push(args);
    if (score instanceof Error) throw score;
    return { score, justification: 'because' };
  };
  return { calls, relevance: (u, b) => verdict('relevance', u, b), groundedness: (b, g) => verdict('groundedness', b, g) };
}

const TURN: Event[] = [
  action('utter_greet'),
  bot('Hello!', { utter_action: 'utter_greet' }),
  action('action_search'),
  bot('Fees are $2.', { utter_action: 'utter_fees', utter_source: 'EnterpriseSearchPolicy', search_results: ['Fees: $2 per transfer.', 'No monthly fee.'] }),
  bot('Anything else?', { utter_action: 'utter_anything_else', utter_source: 'MyCustomAction' }),
];

const check = (assertion: Parameters<typeof checkGenerativeAssertion>[0], judge: LlmJudge, events = TURN, from = 0) =>
  checkGenerativeAssertion(assertion, { judge, userMessage: 'what are the fees', events, from });

describe('generative response assertions', () => {
  it('recognises both kinds', () => {
    expect(isGenerativeAssertion({ generative_response_is_relevant: {} })).toBe(true);
    expect(isGenerativeAssertion({ generative_response_is_grounded: {} })).toBe(true);
    expect(isGenerativeAssertion({ flow_started: 'x' })).toBe(false);
  });

  it("judges the first response of Rasa's generative sources, against the user's message, and passes at the threshold", async () => {
    const judge = fakeJudge(0.5);
    expect(await check({ generative_response_is_relevant: {} }, judge)).toEqual({ status: 'passed', index: 3 });
    expect(judge.calls).toEqual([['relevance', 'what are the fees', 'Fees are $2.']]);
  });

  it('judges the response of utter_source, or of utter_name among them', async () => {
    const judge = fakeJudge(1);
    expect(await check({ generative_response_is_relevant: { utter_source: 'MyCustomAction' } }, judge)).toEqual({ status: 'passed', index: 4 });
    const missing = await check({ generative_response_is_relevant: { utter_source: 'MyCustomAction', utter_name: 'utter_fees' } }, judge);
    expect(missing).toMatchObject({ status: 'failed', expected: 'generative_response_is_relevant (threshold 0.5, utter_name utter_fees, utter_source MyCustomAction)' });
    expect(missing.status === 'failed' && missing.actual).toMatch(/^the bot did not utter utter_fees; events of the turn:\naction utter_greet\n/);
    expect((await check({ generative_response_is_relevant: { utter_source: 'IntentlessPolicy' } }, judge)).status === 'failed').toBe(true);
    expect(judge.calls).toHaveLength(1);
  });

  it('judges any bot text when no response comes from a generative source, after the previous assertion when ordered', async () => {
    const judge = fakeJudge(1);
    const plain = [bot('Hello!', { utter_action: 'utter_greet' }), bot('Your balance is $5.', { utter_action: 'utter_balance' })];
    expect(await check({ generative_response_is_relevant: {} }, judge, plain)).toEqual({ status: 'passed', index: 0 });
    expect(await check({ generative_response_is_relevant: {} }, judge, plain, 1)).toEqual({ status: 'passed', index: 1 });
    expect(await check({ generative_response_is_relevant: { utter_name: 'utter_balance' } }, judge, plain)).toEqual({ status: 'passed', index: 1 });
    expect(await check({ generative_response_is_relevant: {} }, judge, [action('action_listen')])).toMatchObject({ status: 'failed', actual: expect.stringMatching(/^the bot sent no text response in this turn/) });
  });

  it('checks groundedness against ground_truth, else the context the source attached', async () => {
    const judge = fakeJudge(1);
    await check({ generative_response_is_grounded: { ground_truth: 'Transfers cost $2.' } }, judge);
    await check({ generative_response_is_grounded: {} }, judge);
    expect(judge.calls).toEqual([
      ['groundedness', 'Fees are $2.', 'Transfers cost $2.'],
      ['groundedness', 'Fees are $2.', 'Fees: $2 per transfer.\nNo monthly fee.'],
    ]);
    const noTruth = await check({ generative_response_is_grounded: {} }, judge, [bot('Hello!')]);
    expect(noTruth).toEqual({ status: 'failed', expected: 'generative_response_is_grounded (threshold 0.5)', actual: `no ground truth to check "Hello!" against: give 'ground_truth' in the assertion` });
  });

  it('fails below the threshold with the score and the judge’s justification', async () => {
    const outcome = await check({ generative_response_is_grounded: { threshold: 0.75 } }, fakeJudge(0.7));
    expect(outcome).toEqual({
      status: 'failed',
      expected: 'generative_response_is_grounded (threshold 0.75)',
      actual: 'the bot response "Fees are $2." to "what are the fees" is not grounded enough: score 0.70 < threshold 0.75\njudge: because',
    });
  });

  it('turns a judge error into a failure, and lets other errors through', async () => {
    expect(await check({ generative_response_is_relevant: {} }, fakeJudge(new JudgeError('the LLM judge failed: HTTP 503')))).toMatchObject({
      status: 'failed',
      actual: 'the LLM judge failed: HTTP 503 (while judging "Fees are $2.")',
    });
    await expect(check({ generative_response_is_relevant: {} }, fakeJudge(new TypeError('bug')))).rejects.toThrow('bug');
  });
});
