import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../core/commands.ts';
import { testAssistant } from '../llm/test-assistant.ts';
import { parseCommands, type DslVersion } from './command-parser.ts';

const assistant = testAssistant({
  flows: [
    { id: 'transfer_money', name: 'Transfer Money', description: 'send money', collects: ['recipient', 'amount'] },
    { id: 'check_balance', description: 'balance' },
    { id: 'add_contact', name: 'add a contact', description: 'contacts' },
  ],
});

const parse = (text: string, version?: DslVersion) => parseCommands(text, { assistant, version });

describe('parseCommands', () => {
  it.each<[string, Command[]]>([
    ['start flow transfer_money', [{ command: 'start flow', flow: 'transfer_money' }]],
    ['start flow Transfer Money', [{ command: 'start flow', flow: 'transfer_money' }]],
    ['start flow "add a contact"', [{ command: 'start flow', flow: 'add_contact' }]],
    ['start flow unknown_flow', [{ command: 'cannot handle' }]],
    ['start flow check_balance.', [{ command: 'start flow', flow: 'check_balance' }]],
    ['start flow `transfer_money` and set the amount', [{ command: 'start flow', flow: 'transfer_money' }]],
    ['start flow pattern_collect_information', [{ command: 'cannot handle' }]],
    ['set slot amount 50', [{ command: 'set slot', name: 'amount', value: '50', extractor: 'LLM' }]],
    ['set slot recipient "John Smith"', [{ command: 'set slot', name: 'recipient', value: 'John Smith', extractor: 'LLM' }]],
    ["set slot 'recipient' 'Ann'", [{ command: 'set slot', name: 'recipient', value: 'Ann', extractor: 'LLM' }]],
    ['set slot amount None', [{ command: 'set slot', name: 'amount', value: null, extractor: 'LLM' }]],
    ['set slot amount [missing information]', [{ command: 'set slot', name: 'amount', value: null, extractor: 'LLM' }]],
    ['set slot amount undefined', [{ command: 'set slot', name: 'amount', value: null, extractor: 'LLM' }]],
    ['set slot amount', [{ command: 'cannot handle' }]],
    ['set slot flow_name check_balance', [{ command: 'start flow', flow: 'check_balance' }]],
    ['set slot flow_name nope', [{ command: 'cannot handle' }]],
    ['cancel flow', [{ command: 'cancel flow' }]],
    ['disambiguate flows transfer_money check_balance', [{ command: 'clarify', options: ['transfer_money', 'check_balance'] }]],
    ['disambiguate flows transfer_money, nope, "check_balance"', [{ command: 'clarify', options: ['transfer_money', 'check_balance'] }]],
    ['disambiguate flows transfer_money transfer_money nope', [{ command: 'start flow', flow: 'transfer_money' }]],
    ['disambiguate flows nope other', [{ command: 'cannot handle' }]],
    ['disambiguate flows check_balance, add_contact.', [{ command: 'clarify', options: ['check_balance', 'add_contact'] }]],
    ['disambiguate flows', [{ command: 'cannot handle' }]],
    ['offtopic reply', [{ command: 'chitchat' }]],
    ['provide info', [{ command: 'knowledge' }]],
    ['search and reply', [{ command: 'knowledge' }]],
    ['hand over', [{ command: 'human handoff' }]],
    ['skip question', [{ command: 'skip question' }]],
    ['repeat message', [{ command: 'repeat' }]],
    ['cannot handle', [{ command: 'cannot handle' }]],
    ['continue agent', [{ command: 'continue agent' }]],
    ['restart agent car_research', [{ command: 'restart agent', agent_id: 'car_research' }]],
    ['', [{ command: 'cannot handle' }]],
    ['I am not sure what you mean', [{ command: 'cannot handle' }]],
  ])('%j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it('tolerates bullets, numbering, quotes, backticks, case and trailing punctuation', () => {
    const text = [
      '```',
      '- start flow transfer_money',
      '2. `set slot amount 100`',
      '* "set slot recipient Ann"',
      '3) Cancel Flow.',
      '> repeat message',
      '```',
    ].join('\n');
    expect(parse(text)).toEqual([
      { command: 'start flow', flow: 'transfer_money' },
      { command: 'set slot', name: 'amount', value: '100', extractor: 'LLM' },
      { command: 'set slot', name: 'recipient', value: 'Ann', extractor: 'LLM' },
      { command: 'cancel flow' },
      { command: 'repeat' },
    ]);
  });

  it('tolerates v1 calls, several on one line', () => {
    expect(parse('StartFlow(transfer_money), SetSlot(amount, "20")\nCancelFlow()\nClarify(check_balance, add_contact)', 'v1')).toEqual([
      { command: 'start flow', flow: 'transfer_money' },
      { command: 'set slot', name: 'amount', value: '20', extractor: 'LLM' },
      { command: 'cancel flow' },
      { command: 'clarify', options: ['check_balance', 'add_contact'] },
    ]);
    expect(parse('SearchAndReply()\nChitChat()\nHumanHandoff()\nRestartAgent(a1)\nStartFlow(nope)')).toEqual([
      { command: 'knowledge' },
      { command: 'chitchat' },
      { command: 'human handoff' },
      { command: 'restart agent', agent_id: 'a1' },
    ]);
  });

  it('folds offtopic replies into search in v3', () => {
    expect(parse('offtopic reply', 'v3')).toEqual([{ command: 'knowledge' }]);
  });

  it('keeps every command of a multi-line answer in order', () => {
    expect(parse('start flow check_balance\nstart flow transfer_money\nset slot amount 5')).toEqual([
      { command: 'start flow', flow: 'check_balance' },
      { command: 'start flow', flow: 'transfer_money' },
      { command: 'set slot', name: 'amount', value: '5', extractor: 'LLM' },
    ]);
  });
});

const USER_FLOWS = new Set(['transfer_money', 'check_balance', 'add_contact']);

function isValidCommand(c: Command): boolean {
  switch (c.command) {
    case 'start flow':
      return USER_FLOWS.has(c.flow);
    case 'set slot':
      return /^[A-Za-z_][\w-]*$/.test(c.name) && c.name !== 'flow_name' && (c.value === null || typeof c.value === 'string');
    case 'clarify':
      return c.options.length >= 2 && c.options.every((o) => USER_FLOWS.has(o)) && new Set(c.options).size === c.options.length;
    case 'restart agent':
      return /^[\w-]+$/.test(c.agent_id);
    case 'cancel flow':
    case 'chitchat':
    case 'knowledge':
    case 'human handoff':
    case 'skip question':
    case 'repeat':
    case 'cannot handle':
    case 'continue agent':
      return Object.keys(c).length === 1;
    default:
      return false;
  }
}

describe('parseCommands fuzz', () => {
  const fragments = fc.constantFrom(
    'start flow ', 'set slot ', 'disambiguate flows ', 'cancel flow', 'search and reply', 'StartFlow(', 'SetSlot(', 'Clarify(',
    'transfer_money', 'check_balance', 'flow_name', 'None', 'null', '"', "'", '`', ',', ')', '(', '\n', '- ', '1. ', ' ', 'restart agent ',
  );
  const dslLike = fc.array(fc.oneof(fragments, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join(''));
  const anyText = fc.oneof(dslLike, fc.string({ maxLength: 200, unit: 'grapheme' }), fc.string({ maxLength: 60, unit: 'binary' }));

  it('never throws and yields only valid commands on 10,000 malformed answers', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom<DslVersion>('v1', 'v2', 'v3'), (text, version) => {
        const commands = parseCommands(text, { assistant, version });
        expect(commands.length).toBeGreaterThan(0);
        for (const c of commands) expect(isValidCommand(c), JSON.stringify(c)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});
