import { describe, expect, it } from 'vitest';
import { assistantFromYaml } from '../../../../test/engine/project-fixture.ts';
import { eventsNamed, expectReplayable, say, set, start } from '../../../../test/engine/script-helpers.ts';
import { runScript } from '../testing.ts';

const domain = 'version: "3.1"\nslots:\n  amount: { type: float }\nresponses:\n  utter_ask_amount: [ { text: "How much?" } ]\n  utter_done: [ { text: "Sent {amount}." } ]\n';
const flows =
  'flows:\n  transfer:\n    description: send money\n    steps:\n      - collect: amount\n      - action: utter_done\n' +
  '  pattern_search:\n    description: answer from documents\n    steps:\n      - action: action_trigger_search\n';
const withSearch = assistantFromYaml({ domain, flows, policies: ['FlowPolicy', 'EnterpriseSearchPolicy'] });
const knowledge = say({ command: 'knowledge' });
const answered = { outcome: { type: 'search_answered', text: 'Transfers are free.', metadata: { search_results: ['Transfers are free.'], search_query: 'fees?' } } } as const;

describe('knowledge answers (EnterpriseSearchPolicy)', () => {
  it('asks the runtime to search, sends the answer and asks the pending collect question again', () => {
    const run = runScript(withSearch, [start('transfer'), knowledge, answered, set('amount', 5)]);
    expect(run.transitions[1]!.effect).toEqual({ type: 'search' });
    expect(run.texts).toEqual([['How much?'], [], ['Transfers are free.', 'How much?'], ['Sent 5.', 'Is there anything else you need?']]);
    const answer = eventsNamed(run, 'bot').find((e) => e.text === 'Transfers are free.')!;
    expect(answer.metadata).toMatchObject({ utter_source: 'EnterpriseSearchPolicy', search_results: ['Transfers are free.'], search_query: 'fees?' });
    expect(eventsNamed(run, 'action').map((e) => e.name)).toContain('action_send_text');
    expectReplayable(withSearch, run);
  });

  it('runs pattern_completed after an answer at top level', () => {
    const run = runScript(withSearch, [knowledge, answered]);
    expect(run.texts[1]![0]).toBe('Transfers are free.');
    expect(eventsNamed(run, 'flow_started').map((e) => e.flow_id)).toContain('pattern_completed');
  });

  it('says it found nothing relevant, or reports an internal error, and the collect goes on', () => {
    const notRelevant = runScript(withSearch, [start('transfer'), knowledge, { outcome: { type: 'search_no_answer', reason: 'cannot_handle_no_relevant_answer' } }]);
    expect(notRelevant.texts[2]).toEqual(["Sorry, I couldn't find an answer to that.", 'How much?']);
    const noResults = runScript(withSearch, [knowledge, { outcome: { type: 'search_no_answer' } }]);
    expect(noResults.texts[1]![0]).toMatch(/say it another way|rephrase/i);
    const failed = runScript(withSearch, [start('transfer'), knowledge, { outcome: { type: 'search_failed', error: 'store down' } }]);
    expect(eventsNamed(failed, 'flow_started').map((e) => e.flow_id)).toContain('pattern_internal_error');
    expect(failed.texts[2]!.at(-1)).toBe('How much?');
  });

  it('without the policy, action_trigger_search says there is no knowledge base', () => {
    const run = runScript(assistantFromYaml({ domain, flows }), [knowledge]);
    expect(run.transitions[0]!.effect).toEqual({ type: 'listen' });
    expect(run.texts[0]![0]).toMatch(/no knowledge base/);
  });
});
