import { describe, expect, it } from 'vitest';
import { evaluatePredicate } from './index.ts';

const slots = {
  amount: 50,
  price: 9.5,
  zero: 0,
  name: 'Alice',
  text_num: '5',
  empty_text: '',
  unset: null,
  yes: true,
  no: false,
  tags: ['gold', 'silver'],
  no_tags: [],
  profile: { tier: 'gold', address: { city: 'Berlin' } },
  no_profile: {},
};
const scope = { slots, context: { collect: 'amount', step_id: 'ask', flow_id: 'transfer' } };

const table: ReadonlyArray<readonly [string, boolean]> = [
  // equality and its spellings
  ['slots.amount = 50', true],
  ['slots.amount == 50', true],
  ['slots.amount is 50', true],
  ['slots.amount = 50.0', true],
  ['slots.amount != 50', false],
  ['slots.amount is not 51', true],
  ['slots.name = "Alice"', true],
  ["slots.name = 'Alice'", true],
  ['slots.name = "alice"', false],
  ['slots.yes = true', true],
  ['slots.yes is True', true],
  ['slots.no is false', true],
  ['slots.no = False', true],
  ['slots.yes = 1', true], // Python: True == 1.0
  // pypred does not coerce strings to numbers
  ['slots.text_num = 5', false],
  ['slots.text_num = "5"', true],
  ['slots.text_num > 4', false],
  ['not (slots.text_num > 4)', false], // a TypeError fails the whole predicate, as in Rasa
  // ordering
  ['slots.amount > 10', true],
  ['slots.amount >= 50', true],
  ['slots.amount < 50', false],
  ['slots.amount <= 50', true],
  ['slots.amount > 50', false],
  ['slots.amount >= 51', false],
  ['slots.amount < 51', true],
  ['slots.amount <= 49', false],
  ['slots.name > "Alice"', false],
  ['slots.name >= "Alice"', true],
  ['slots.price > 9', true],
  ['slots.amount > -5', true],
  ['slots.name > "Aaron"', true],
  ['slots.name < "B"', true],
  ['slots.unset > 1', false],
  ['slots.missing > 1', false],
  ['not (slots.missing > 1)', true], // undefined operands are false, not errors
  // null, undefined, empty
  ['slots.unset is null', true],
  ['slots.unset = null', true],
  ['slots.unset is not null', false],
  ['slots.amount is not null', true],
  ['slots.missing is null', false],
  ['slots.missing is undefined', true],
  ['slots.unset is undefined', false],
  ['slots.missing is not undefined', false],
  ['slots.empty_text is empty', true],
  ['slots.no_tags is empty', true],
  ['slots.no_profile is empty', true],
  ['slots.tags is empty', false],
  ['slots.missing is empty', true],
  ['slots.unset is empty', false], // pypred: None has no length
  ['slots.name is not empty', true],
  // truthiness of bare values
  ['slots.name', true],
  ['slots.empty_text', false],
  ['not slots.empty_text', true],
  ['not slots.unset', true],
  ['slots.zero', false],
  ['slots.tags', true],
  ['slots.no_tags', false],
  ['slots.missing', false],
  ['"text"', true],
  ['0', false],
  ['true', true],
  ['FALSE', false],
  // logic, precedence and grouping
  ['slots.yes and slots.amount > 10', true],
  ['slots.no or slots.amount > 10', true],
  ['slots.no AND slots.yes', false],
  ['slots.no OR slots.yes', true],
  ['NOT slots.no', true],
  ['not not slots.yes', true],
  ['not slots.no and slots.yes', true],
  ['not slots.yes and slots.yes', false], // not binds tighter: (not yes) and yes
  ['slots.yes or slots.no and slots.no', true], // a or (b and c)
  ['slots.no and slots.no or slots.yes', false], // pypred: a and (b or c)
  ['(slots.no and slots.no) or slots.yes', true],
  ['((slots.amount = 50))', true],
  ['(slots.amount > 10) = true', true],
  // contains
  ['{"gold" "silver"} contains slots.profile.tier', true],
  ["{'A' 'B'} contains slots.name", false],
  ['{"Alice" 1} contains slots.name', true],
  ['{50 60} contains slots.amount', true],
  ['{} contains slots.name', false],
  ['slots.tags contains "gold"', true],
  ['slots.tags contains "bronze"', false],
  ['slots.name contains "lic"', true],
  ['slots.name contains "LIC"', false],
  ['slots.profile contains "tier"', true],
  ['slots.missing contains "x"', false],
  ['slots.unset contains "x"', false],
  ['slots.name contains 5', false],
  ['{slots.name "Bob"} contains "Alice"', true],
  // matches
  ['slots.name matches "^A.*e$"', true],
  ["slots.name matches '^a'", false],
  ['slots.name matches "(?i)^a"', true],
  ['slots.amount matches "5"', false],
  ['slots.missing matches ".*"', false],
  ['slots.name matches "(?P<first>A)l"', true],
  // identifiers and templates
  ['slots.profile.address.city = "Berlin"', true],
  ['slots.profile.address.zip is undefined', true],
  ['context.collect = "amount"', true],
  ['slots.{{context.collect}} is not null', true],
  ['slots.{{ context.collect }} > 10', true],
  ['slots.{{context.nothing}} is undefined', true],
  ['"{{context.flow_id}}" = "transfer"', true],
  ['"{{slots.name | lower}}" = "alice"', true],
  ['slots.amount > 10 # a comment', true],
  ['slots.amount > 10 {# a Jinja comment #}', true],
  // comparisons with sets and lists
  ['slots.tags = {"gold" "silver"}', false],
  ['{"a" "b"} = {"b" "a"}', true],
  // errors are false
  ['slots.amount >', false],
  ['slots.amount > 10 and', false],
  ['', false],
];

describe('evaluatePredicate', () => {
  it.each(table)('%s → %s', (source, expected) => {
    expect(evaluatePredicate(source, scope)).toBe(expected);
  });

  it('passes booleans through (YAML `if: true`)', () => {
    expect(evaluatePredicate(true, scope)).toBe(true);
    expect(evaluatePredicate(false, scope)).toBe(false);
  });

  it('works without a context', () => {
    expect(evaluatePredicate('context.x is undefined', { slots: {} })).toBe(true);
    expect(evaluatePredicate('slots.{{context.collect}} is undefined', { slots: {} })).toBe(true);
  });

  it('sees new slot values on every call despite the cache', () => {
    expect(evaluatePredicate('slots.n > 1', { slots: { n: 2 } })).toBe(true);
    expect(evaluatePredicate('slots.n > 1', { slots: { n: 0 } })).toBe(false);
  });

  it('renders templates with the current context each time', () => {
    const source = 'slots.{{context.collect}} = 1';
    expect(evaluatePredicate(source, { slots: { a: 1, b: 2 }, context: { collect: 'a' } })).toBe(true);
    expect(evaluatePredicate(source, { slots: { a: 1, b: 2 }, context: { collect: 'b' } })).toBe(false);
  });

  it('never throws on malformed templates', () => {
    expect(evaluatePredicate('slots.{{ context.x | nope }} = 1', scope)).toBe(false);
    expect(evaluatePredicate('slots.{{ context.x', scope)).toBe(false);
  });
});
