/**
 * `generative_response_is_relevant` / `_is_grounded` on the starter project, with the mock LLM
 * (over HTTP) as the judge configured in a conftest.yml beside the tests.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlmServer } from '../../src/server/mock-llm/index.ts';
import { runCli, STARTER } from './run-cli.ts';
import { freePort } from '../../src/server/free-port.ts';

const json = (value: unknown) => ({ content: JSON.stringify(value) });

/** The judge's answers, picked by what its prompt contains. */
const JUDGE_FIXTURES = {
  rules: [
    {
      match: { prompt_regex: 'questions a user could have asked[\\s\\S]*Your balance is \\$1000' },
      response: json({ question_variations: ['Can you check my balance?', 'What is my account balance?', 'How do I check my balance?'] }),
    },
    // A judge that answers in prose instead of JSON.
    { match: { prompt_regex: 'questions a user could have asked[\\s\\S]*Who would you like to send money to' }, response: { content: 'Looks relevant to me!' } },
    {
      match: { prompt_regex: 'Reference text:\\s*"""\\s*The account balance is \\$1000' },
      response: { content: '```json\n' + JSON.stringify({ statements: [{ statement: 'The balance is $1000.', score: 1, justification: 'The reference gives $1000.' }] }) + '\n```' },
    },
    {
      match: { prompt_regex: 'Reference text:\\s*"""\\s*The account balance is \\$5\\.' },
      response: json({ statements: [{ statement: 'The balance is $1000.', score: 0, justification: 'The reference says the balance is $5.' }] }),
    },
  ],
  default: { content: 'unexpected judge prompt' },
};

const TESTS = `
test_cases:
  - test_case: relevant_balance
    steps:
      - user: check my balance
        assertions:
          - generative_response_is_relevant:
              threshold: 0.7
              utter_name: utter_current_balance
  - test_case: relevant_below_threshold
    steps:
      - user: check my balance
        assertions:
          - generative_response_is_relevant:
              threshold: 0.9
  - test_case: grounded_balance
    steps:
      - user: check my balance
        assertions:
          - generative_response_is_grounded:
              ground_truth: The account balance is $1000.
  - test_case: not_grounded_balance
    steps:
      - user: check my balance
        assertions:
          - generative_response_is_grounded:
              threshold: 0.8
              ground_truth: The account balance is $5.
  - test_case: unparsable_judge_answer
    steps:
      - user: send money
        assertions:
          - generative_response_is_relevant:
              utter_name: utter_ask_recipient
  - test_case: missing_utterance
    steps:
      - user: check my balance
        assertions:
          - generative_response_is_relevant:
              utter_name: utter_ask_recipient
`;

let server: MockLlmServer;
let dir: string;

/** A folder with the tests and, when given, a conftest.yml; returns `colloquy test e2e <folder>` on the starter. */
async function runWithConftest(name: string, conftest: string | undefined, tests = TESTS) {
  const folder = join(dir, name);
  await mkdir(folder);
  await writeFile(join(folder, 'tests.yml'), tests);
  if (conftest !== undefined) await writeFile(join(folder, 'conftest.yml'), conftest);
  return runCli('test', 'e2e', folder, '--project', STARTER, '--workers', '2');
}

const judgeConftest = (apiBase: string) => `
llm_judge:
  llm:
    provider: openai_compatible
    model: mock-judge
    api_base: ${apiBase}
    api_key: not-needed
    max_retries: 0
    timeout: 3
  embeddings:
    provider: openai_compatible
    model: mock-embeddings
    api_base: ${apiBase}
    api_key: not-needed
`;

beforeAll(async () => {
  server = await startMockLlm({ fixtures: JUDGE_FIXTURES, port: 0, host: '127.0.0.1' });
  dir = await mkdtemp(join(tmpdir(), 'colloquy-e2e-judge-'));
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('generative response assertions with an LLM judge', () => {
  it('scores relevance and groundedness with the judge and fails below the threshold, with the reason', async () => {
    const result = await runWithConftest('judged', judgeConftest(server.url));

    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    expect(result.out).toContain('LLM judge: mock-judge, embeddings: mock-embeddings (');
    expect(result.out).toMatch(/^2 passed, 4 failed in [\d.]+s$/m);
    const failed = [...result.out.matchAll(/^✗ (\S+)/gm)].map((m) => m[1]);
    expect(failed).toEqual(['relevant_below_threshold', 'not_grounded_balance', 'unparsable_judge_answer', 'missing_utterance']);

    expect(result.out).toContain('- expected generative_response_is_relevant (threshold 0.9)\n');
    expect(result.out).toMatch(/\+ the bot response "Your balance is \$1000\." to "check my balance" is not relevant enough: score 0\.7\d < threshold 0\.9\n/);
    expect(result.out).toContain(
      '+ judge: questions the response answers (similarity with the user message): "Can you check my balance?" 0.82, "What is my account balance?" 0.62, "How do I check my balance?" 0.77\n',
    );

    expect(result.out).toContain('- expected generative_response_is_grounded (threshold 0.8)\n');
    expect(result.out).toContain('is not grounded enough: score 0.00 < threshold 0.8\n');
    expect(result.out).toContain('+ judge: 1 of 1 statements are not supported by the ground truth: "The balance is $1000." (The reference says the balance is $5)\n');

    expect(result.out).toContain('+ the LLM judge\'s answer is not JSON: "Looks relevant to me!" (while judging "Who would you like to send money to?")\n');
    expect(result.out).toContain('- expected generative_response_is_relevant (threshold 0.5, utter_name utter_ask_recipient)\n    + the bot did not utter utter_ask_recipient; events of the turn:');

    // One completion per judged response (the missing utterance is not sent to the judge); one embeddings call per relevance check.
    expect(server.requests.filter((r) => r.path === '/chat/completions')).toHaveLength(5);
    expect(server.requests.filter((r) => r.path === '/embeddings')).toHaveLength(2);
  });

  it('fails the assertions with a clear message when the judge cannot be reached', async () => {
    const port = await freePort();
    const tests = `
test_cases:
  - test_case: judge_down
    steps:
      - user: check my balance
        assertions:
          - flow_started: check_balance
          - generative_response_is_grounded:
              ground_truth: The account balance is $1000.
`;
    const result = await runWithConftest('judge-down', judgeConftest(`http://127.0.0.1:${port}/v1`), tests);

    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^0 passed, 1 failed in [\d.]+s$/m);
    expect(result.out).toMatch(/\+ the LLM judge failed: .+ \(while judging "Your balance is \$1000\."\)\n/);
  });

  it('reports the assertions as skipped when no conftest configures a judge', async () => {
    const result = await runWithConftest('no-judge', 'fixtures: []\n');

    expect(result.code).toBe(0);
    expect(result.out).not.toContain('LLM judge:');
    expect(result.out).toContain('skipped (relevant_balance) step 1: generative response assertions need an LLM judge (conftest.yml llm_judge), which is not configured\n');
    // Only the case whose utterance is missing could fail without the judge — and it is skipped too.
    expect(result.out).toMatch(/^6 passed, 0 failed, 6 assertions skipped in [\d.]+s$/m);
  });

  it('stops before running the tests when the conftest names an unknown model group', async () => {
    const result = await runWithConftest('bad-group', 'llm_judge:\n  llm:\n    model_group: judge_llm\n');

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^error: .*conftest\.yml:3: llm_judge\.llm: no model group 'judge_llm' in endpoints\.yml \(defined: none\)\n$/);
    expect(result.out).toBe('');
  });
});
