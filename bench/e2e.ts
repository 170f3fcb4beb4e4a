/**
 * 300 generated e2e cases on examples/starter, run offline through `colloquy test e2e` (in process):
 * prints the wall time (target < 60 s, docs/DESIGN "Performance targets") and cases per second.
 * The cases are varied from templates (names, amounts, phrasings) with a fixed seed, written to a
 * temporary folder as Rasa e2e YAML files and removed afterwards.
 * Run: npx tsx bench/e2e.ts [--cases 300] [--workers 8]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { main } from '../src/cli/main.ts';
import { seededRandom } from '../src/core/clock.ts';

const STARTER = fileURLToPath(new URL('../examples/starter/', import.meta.url));
const TARGET_SECONDS = 60;
const CASES_PER_FILE = 25;

const option = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

const random = seededRandom(2025);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const amount = (): number => 1 + Math.floor(random() * 900);

const NAMES = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Oscar', 'Peggy', 'Victor', 'Walter'];
const START_TRANSFER = ['I want to send money', 'send money', 'transfer money', 'I need to send some money'];
const ASK_BALANCE = ['what is my balance', 'check my balance', 'how much money do I have', 'show me my account balance'];
const CANCEL = ['stop', 'nevermind', 'cancel'];
const CHITCHAT = ['hello there', 'hi how are you', "what's the weather like"];
const HANDOFF = ['I want to talk to a human', "I'd like to talk to a person"];

type Step = Record<string, unknown>;
type Template = () => Step[];

const confirmText = (sum: number, name: string) => `Please confirm: send $${sum} to ${name}?`;
const doneText = (sum: number, name: string) => `Done! $${sum} is on its way to ${name}.`;

const TEMPLATES: Record<string, Template> = {
  transfer_step_by_step: () => {
    const [name, sum] = [pick(NAMES), amount()];
    return [{ user: pick(START_TRANSFER) }, { utter: 'utter_ask_recipient' }, { user: name }, { utter: 'utter_ask_amount' }, { user: String(sum) }, { bot: confirmText(sum, name) }, { user: 'yes' }, { bot: doneText(sum, name) }];
  },
  transfer_one_shot: () => {
    const [name, sum] = [pick(NAMES), amount()];
    return [
      { user: `send ${sum} dollars to ${name}`, assertions: [{ flow_started: 'transfer_money' }, { slot_was_set: [{ name: 'recipient', value: name }, { name: 'amount', value: sum }] }] },
      { user: '/SetSlots(confirm_transfer=true)', assertions: [{ action_executed: 'action_execute_transfer' }, { slot_was_set: [{ name: 'balance', value: 1000 - sum }] }] },
    ];
  },
  transfer_declined: () => {
    const [name, sum] = [pick(NAMES), amount()];
    return [{ user: `send ${sum} to ${name}` }, { utter: 'utter_ask_confirm_transfer' }, { user: 'no' }, { utter: 'utter_transfer_cancelled' }];
  },
  transfer_corrected: () => {
    const [name, first, second] = [pick(NAMES), amount(), amount()];
    return [
      { user: `send ${first} to ${name}` },
      { user: `actually make it ${second}`, assertions: [{ flow_started: 'pattern_correction' }, { bot_uttered: { text_matches: `send \\$${second} to ${name}` } }] },
      { user: 'yes' },
      { bot: doneText(second, name) },
    ];
  },
  amount_rejected: () => {
    const [name, sum] = [pick(NAMES), amount()];
    return [{ user: pick(START_TRANSFER) }, { user: name }, { user: pick(['0', '-5', '-20']) }, { utter: 'utter_amount_not_positive' }, { user: String(sum) }, { bot: confirmText(sum, name) }];
  },
  transfer_cancelled: () => [{ user: pick(START_TRANSFER) }, { user: pick(NAMES) }, { user: pick(CANCEL), assertions: [{ flow_cancelled: { flow_id: 'transfer_money' } }] }],
  balance_interrupts_transfer: () => {
    const name = pick(NAMES);
    return [
      { user: `send money to ${name}` },
      { user: pick(ASK_BALANCE), assertions: [{ flow_started: 'check_balance' }, { bot_uttered: { utter_name: 'utter_ask_continue_interrupted_flow_confirmation' } }] },
      { user: 'yes', assertions: [{ bot_uttered: { utter_name: 'utter_ask_amount', text_matches: `to ${name}\\?$` } }] },
    ];
  },
  add_contact: () => {
    const name = pick(NAMES);
    const handle = `@${name.toLowerCase()}${Math.floor(random() * 100)}`;
    return [{ user: 'add a contact' }, { user: handle }, { user: name }, { user: 'yes' }, { bot: `${name} (${handle}) is now in your contacts.` }];
  },
  check_balance: () => [{ user: pick(ASK_BALANCE) }, { bot: 'Your balance is $1000.' }],
  repair: () =>
    pick<Step[]>([
      [{ user: pick(CHITCHAT) }, { utter: 'utter_cannot_handle' }],
      [{ user: pick(HANDOFF) }, { utter: 'utter_human_handoff_not_available' }],
      [{ user: 'contacts', assertions: [{ pattern_clarification_contains: ['list contacts', 'add a contact'] }] }],
      [{ user: 'send money' }, { user: 'skip' }, { utter: 'utter_skip_question_answer' }],
    ]),
};

async function writeSuite(dir: string, count: number): Promise<void> {
  const templates = Object.entries(TEMPLATES);
  const cases = Array.from({ length: count }, (_, i) => {
    const [name, build] = templates[i % templates.length]!;
    return { test_case: `${name}_${i}`, steps: build() };
  });
  for (let start = 0; start < cases.length; start += CASES_PER_FILE) {
    await writeFile(join(dir, `generated_${start / CASES_PER_FILE}.yml`), stringify({ test_cases: cases.slice(start, start + CASES_PER_FILE) }));
  }
}

const count = option('--cases', 300);
const workers = option('--workers', 8);
const dir = await mkdtemp(join(tmpdir(), 'colloquy-bench-e2e-'));
try {
  await writeSuite(dir, count);
  let out = '';
  let err = '';
  const started = performance.now();
  const code = await main(['test', 'e2e', dir, '--project', STARTER, '--workers', String(workers)], { out: (t) => void (out += t), err: (t) => void (err += t), color: false });
  const seconds = (performance.now() - started) / 1000;

  if (code !== 0) console.log(out, err);
  console.log(`e2e bench: ${count} generated cases on examples/starter, offline generator, ${workers} workers`);
  console.log(`  result: ${out.trim().split('\n').at(-1)}`);
  console.log(`  wall time (load project + run): ${seconds.toFixed(2)} s (target < ${TARGET_SECONDS} s: ${seconds < TARGET_SECONDS ? 'met' : 'MISSED'})`);
  console.log(`  throughput: ${(count / seconds).toFixed(0)} cases/s`);
  process.exitCode = code !== 0 || seconds >= TARGET_SECONDS ? 1 : 0;
} finally {
  await rm(dir, { recursive: true, force: true });
}
