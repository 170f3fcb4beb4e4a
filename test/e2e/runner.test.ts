import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src/core/events.ts';
import { composeRuntime, type ComposedRuntime } from '../../src/cli/compose-runtime.ts';
import { runSuite } from '../../src/cli/e2e/run-suite.ts';
import { StubbingActionRunner } from '../../src/cli/e2e/stub-actions.ts';
import { parseTestFile } from '../../src/cli/e2e/test-file.ts';
import { createLogger } from '../../src/cli/logger.ts';
import { runCli, STARTER } from './run-cli.ts';

let dir: string;
let fileCount = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'colloquy-e2e-runner-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a test file and runs `colloquy test e2e <file>` on the starter project. */
async function runTests(yaml: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  const file = join(dir, `case-${++fileCount}.yml`);
  await writeFile(file, yaml);
  return runCli('test', 'e2e', file, '--project', STARTER, ...flags);
}

/** Minimal XML well-formedness: declaration, balanced tags, quoted attributes, escaped text. */
function assertWellFormedXml(text: string): void {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = text.slice(text.indexOf('?>') + 2);
  const open: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(token)) {
    const [, closing, name, , selfClosing, textPart, stray] = m;
    if (stray) throw new Error(`stray '<' at ${m.index}`);
    if (textPart !== undefined) {
      expect(textPart).not.toMatch(/&(?!(lt|gt|amp|apos|quot);)/);
      continue;
    }
    if (closing) expect(open.pop()).toBe(name);
    else if (!selfClosing) open.push(name!);
  }
  expect(open).toEqual([]);
}

const PASSING_AND_FAILING = `
test_cases:
  - test_case: balance_ok
    steps:
      - user: check my balance
      - bot: "Your balance is $1000."
  - test_case: wrong_bot_text
    steps:
      - user: check my balance
      - bot: "Your balance is $5 & <change>."
  - test_case: wrong_assertion
    steps:
      - user: send money
        assertions:
          - flow_started: check_balance
          - slot_was_set:
              - name: recipient
`;

describe('colloquy test e2e: results', () => {
  it('exits 1 and shows expected against actual for each failing step', async () => {
    const result = await runTests(PASSING_AND_FAILING);

    expect(result.code).toBe(1);
    expect(result.out).toContain('✗ wrong_bot_text');
    expect(result.out).toContain('    - expected bot: "Your balance is $5 & <change>."\n    + next bot messages: utter_current_balance: "Your balance is $1000."');
    expect(result.out).toContain('✗ wrong_assertion');
    expect(result.out).toContain('    - expected flow_started: check_balance\n    + events of the turn:');
    expect(result.out).toContain('    + flow_started transfer_money');
    expect(result.out).toContain('    - expected slot_was_set: recipient');
    expect(result.out).not.toContain('✗ balance_ok');
    // Bookkeeping slots are shortened so the diff stays readable.
    expect(result.out).toMatch(/slot flow_hashes=\{.{1,60}…\n/);
    expect(result.out).toMatch(/^1 passed, 2 failed in [\d.]+s\n$/m);
  });

  it('runs the cases of several paths, and only the named case of `path::name`, with -p for the project', async () => {
    const passing = join(dir, `case-${++fileCount}.yml`);
    await writeFile(passing, 'test_cases:\n  - test_case: from_second_file\n    steps:\n      - user: check my balance\n      - bot: "Your balance is $1000."\n');
    const mixed = join(dir, `case-${++fileCount}.yml`);
    await writeFile(mixed, PASSING_AND_FAILING);
    const both = await runCli('test', 'e2e', passing, mixed, '-p', STARTER);
    expect(both.code).toBe(1);
    expect(both.out).toMatch(/^2 passed, 2 failed in [\d.]+s\n$/m);
    const named = await runCli('test', 'e2e', passing, `${mixed}::balance_ok`, '-p', STARTER);
    expect(named.code).toBe(0);
    expect(named.out).toMatch(/^2 passed, 0 failed in [\d.]+s\n$/m);
    const unknown = await runCli('test', 'e2e', `${mixed}::no_such_case`, '-p', STARTER);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("no test case named 'no_such_case'");
  });

  it('writes well-formed JUnit XML with the right counts', async () => {
    const junit = join(dir, 'results.xml');
    await runTests(PASSING_AND_FAILING, '--junit', junit);
    const xml = await readFile(junit, 'utf8');

    assertWellFormedXml(xml);
    expect(xml).toMatch(/<testsuites tests="3" failures="2" time="[\d.]+">/);
    expect(xml).toMatch(/<testsuite name="colloquy e2e" tests="3" failures="2" time="[\d.]+">/);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toMatch(/<testcase name="balance_ok" classname="[^"]+case-\d+\.yml" time="[\d.]+"\/>/);
    expect(xml).toContain('&lt;change&gt;');
  });

  it('exits 0 when every case passes', async () => {
    const result = await runTests(`
test_cases:
  - test_case: only_passing
    steps:
      - user: check my balance
      - utter: utter_current_balance
`);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^1 passed, 0 failed in [\d.]+s\n$/m);
  });
});

describe('colloquy test e2e: assertions', () => {
  const ordered = (enabled: boolean, first: string, second: string): string => `
test_cases:
  - test_case: order_${enabled}
    steps:
      - user: send money
      - user: skip
        assertion_order_enabled: ${enabled}
        assertions:
          - bot_uttered:
              utter_name: ${first}
          - bot_uttered:
              utter_name: ${second}
`;

  it('checks assertions in order only when assertion_order_enabled is true', async () => {
    expect((await runTests(ordered(true, 'utter_skip_question_answer', 'utter_ask_recipient'))).code).toBe(0);
    expect((await runTests(ordered(false, 'utter_ask_recipient', 'utter_skip_question_answer'))).code).toBe(0);

    const outOfOrder = await runTests(ordered(true, 'utter_ask_recipient', 'utter_skip_question_answer'));
    expect(outOfOrder.code).toBe(1);
    expect(outOfOrder.out).toContain('- expected bot_uttered {"utter_name":"utter_skip_question_answer"}\n    + events of the turn after the previous assertion:');
  });

  it('reports generative response assertions as skipped, with the reason, without failing', async () => {
    const result = await runTests(`
test_cases:
  - test_case: generative
    steps:
      - user: check my balance
        assertions:
          - flow_started: check_balance
          - generative_response_is_relevant:
              threshold: 0.9
          - generative_response_is_grounded:
              threshold: 0.8
              ground_truth: The balance is $1000.
`);
    expect(result.code).toBe(0);
    expect(result.out).toContain('skipped (generative) step 1: generative response assertions need an LLM judge (conftest.yml llm_judge), which is not configured\n');
    expect(result.out).toMatch(/^1 passed, 0 failed, 2 assertions skipped in [\d.]+s\n$/m);
  });

  it('ignores legacy steps once a case uses assertions, as Rasa does', async () => {
    const result = await runTests(`
test_cases:
  - test_case: mixed
    steps:
      - user: check my balance
        assertions:
          - flow_started: check_balance
      - bot: "this text is never checked"
`);
    expect(result.code).toBe(0);
  });

  it('fails slot_was_not_set when the slot was set, naming the value', async () => {
    const result = await runTests(`
test_cases:
  - test_case: not_set
    steps:
      - user: send money to Alice
        assertions:
          - slot_was_not_set:
              - name: recipient
`);
    expect(result.code).toBe(1);
    expect(result.out).toContain('- expected slot_was_not_set: recipient\n    + recipient was set to "Alice"');
  });
});

describe('colloquy test e2e: fixtures, metadata and stubs', () => {
  let runtime: ComposedRuntime;
  let stubs: StubbingActionRunner;

  beforeAll(async () => {
    runtime = await composeRuntime({ project: STARTER }, { logger: createLogger('error'), stores: 'memory', wrapActions: (runner) => (stubs = new StubbingActionRunner(runner)) });
  });

  afterAll(async () => {
    await runtime.close();
  });

  async function run(yaml: string) {
    const cases = parseTestFile('inline.yml', yaml);
    const runId = `r${++fileCount}`;
    const results = await runSuite(runtime.processor, stubs, cases, { workers: 4, runId });
    const events = async (index: number): Promise<readonly Event[]> => (await runtime.processor.getState(`e2e-${runId}-${index}`))?.events ?? [];
    return { results, events };
  }

  it('sets fixture slots before the first message and attaches metadata to user messages', async () => {
    const { results, events } = await run(`
fixtures:
  - payee:
      - recipient: Zoe
      - amount: 12
metadata:
  - web:
      device: desktop
  - phone:
      device: phone
      locale: de-DE
test_cases:
  - test_case: with_fixture
    fixtures: [payee]
    metadata: web
    steps:
      - user: send money
        assertions:
          - bot_uttered:
              text_matches: "send \\\\$12 to Zoe"
      - user: "yes"
        metadata: phone
`);
    expect(results[0]!.failures).toEqual([]);
    const users = (await events(0)).filter((e) => e.event === 'user');
    expect(users.map((e) => e.metadata)).toEqual([
      { device: 'desktop' },
      { device: 'phone', locale: 'de-DE' },
    ]);
  });

  it('answers stubbed actions from the file, a test_case:: stub winning over a file-wide one', async () => {
    const { results } = await run(`
stub_custom_actions:
  scoped::action_check_balance:
    events: [{ event: slot, name: balance, value: 7 }]
  action_check_balance:
    events: [{ event: slot, name: balance, value: 3 }]
test_cases:
  - test_case: scoped
    steps:
      - user: check my balance
      - bot: "Your balance is $7."
  - test_case: global
    steps:
      - user: check my balance
      - bot: "Your balance is $3."
`);
    expect(results.map((r) => [r.testCase.name, r.failures])).toEqual([
      ['scoped', []],
      ['global', []],
    ]);
  });

  it('runs the real action for cases outside a stub scope', async () => {
    const { results } = await run(`
stub_custom_actions:
  other_case::action_check_balance:
    events: [{ event: slot, name: balance, value: 7 }]
test_cases:
  - test_case: real
    steps:
      - user: check my balance
      - bot: "Your balance is $1000."
`);
    expect(results[0]!.failures).toEqual([]);
  });
});

describe('colloquy test e2e: bad input and coverage', () => {
  it('names the file and the offending key of a malformed test file', async () => {
    const result = await runTests(`
test_cases:
  - test_case: broken
    steps:
      - usr: hello
`);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^error: \S*case-\d+\.yml:5: test_cases\.0\.steps\.0: expected an entry with one of the keys user, bot, utter, slot_was_set, slot_was_not_set; found usr\n$/);
    expect(result.out).toBe('');

    const assertion = await runTests(`
test_cases:
  - test_case: broken
    steps:
      - user: hello
        assertions:
          - flow_started: 5
`);
    expect(assertion.err).toMatch(/case-\d+\.yml:7: test_cases\.0\.steps\.0\.assertions\.0\.flow_started: Invalid input: expected string, received number\n$/);
  });

  it('reports invalid YAML and unknown fixture names clearly', async () => {
    const yaml = await runTests('test_cases:\n  - test_case: [unclosed\n');
    expect(yaml.code).toBe(1);
    expect(yaml.err).toMatch(/case-\d+\.yml: invalid YAML: /);

    const fixture = await runTests(`
test_cases:
  - test_case: uses_missing
    fixtures: [nowhere]
    steps:
      - user: hi
`);
    expect(fixture.code).toBe(1);
    expect(fixture.err).toContain("test case 'uses_missing' uses fixture 'nowhere', which is not defined under 'fixtures'");
  });

  it('lists the flow steps no case went through, counting collect steps that were asked', async () => {
    const result = await runTests(
      `
test_cases:
  - test_case: balance
    steps:
      - user: check my balance
  - test_case: transfer_started
    steps:
      - user: send money
      - user: Alice
`,
      '--coverage-report',
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^ {2}check_balance +2\/2 +steps$/m);
    expect(result.out).toMatch(/^ {2}list_contacts +0\/1 +steps {2}missing: list_contacts_0_action_action_list_contacts$/m);
    expect(result.out).toMatch(
      /^ {2}transfer_money +2\/7 +steps {2}missing: transfer_money_2_collect_confirm_transfer, transfer_money_3_action_action_execute_transfer, transfer_money_4_action_utter_transfer_complete, transfer_money_5_action_utter_transfer_failed, transfer_money_6_action_utter_transfer_cancelled$/m,
    );
    expect(result.out).toMatch(/^Flow coverage: 4\/16 steps \(25%\)$/m);
  });
});
