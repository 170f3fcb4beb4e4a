import { describe, expect, it } from 'vitest';
import { parsePredicate, referencedSlots } from './index.ts';

function errorOf(source: string): { message: string; offset: number } {
  const result = parsePredicate(source);
  if (result.ok) throw new Error(`expected "${source}" not to parse`);
  return result.error;
}

describe('parsePredicate', () => {
  it('builds an AST with offsets', () => {
    const result = parsePredicate('slots.a > 1 and not slots.b');
    expect(result).toMatchObject({
      ok: true,
      ast: {
        kind: 'logical',
        op: 'and',
        offset: 0,
        left: { kind: 'compare', op: '>', left: { kind: 'identifier', path: 'slots.a', offset: 0 }, right: { kind: 'number', value: 1, offset: 10 } },
        right: { kind: 'not', offset: 16, operand: { kind: 'identifier', path: 'slots.b', offset: 20 } },
      },
    });
  });

  it('groups `and`/`or` to the right like pypred', () => {
    const result = parsePredicate('a and b or c');
    expect(result).toMatchObject({ ok: true, ast: { op: 'and', left: { path: 'a' }, right: { op: 'or' } } });
  });

  it('normalises `is`, `is not` and `==`', () => {
    expect(parsePredicate('a is b')).toMatchObject({ ast: { kind: 'compare', op: '=' } });
    expect(parsePredicate('a IS NOT b')).toMatchObject({ ast: { kind: 'compare', op: '!=' } });
    expect(parsePredicate('a == b')).toMatchObject({ ast: { kind: 'compare', op: '=' } });
  });

  it('parses templated predicates without a context, keeping offsets', () => {
    const result = parsePredicate('slots.{{ context.collect }} is not null and slots.x > 1');
    expect(result).toMatchObject({ ok: true, ast: { right: { left: { path: 'slots.x', offset: 44 } } } });
  });

  it.each([
    ['', 0, /end of predicate/],
    ['slots.a >', 9, /expected a value/],
    ['slots.a > 1 and', 15, /expected a value/],
    ['slots.a = 1 slots.b', 12, /unexpected 'slots.b'/],
    ['(slots.a = 1', 12, /expected '\)'/],
    ['slots.a = 1)', 11, /unexpected '\)'/],
    ['slots.a = "abc', 10, /unterminated string/],
    ["{'a', 'b'} contains slots.x", 4, /separated by spaces/],
    ["{'a' 'b' contains slots.x", 9, /unexpected keyword 'contains'/],
    ["{'a' 'b'", 8, /expected '}'/],
    ['{(a)} contains slots.x', 1, /set items must be/],
    ['{"a" empty}', 5, /set items must be/],
    ['slots.x contains {"a"}', 17, /single value/],
    ['slots.x contains empty', 17, /single value/],
    ['slots.x matches 5', 16, /quoted regular expression/],
    ['slots.x matches "("', 16, /invalid regular expression/],
    ['slots.a & slots.b', 8, /unexpected character '&'/],
    ['slots.a = = 1', 10, /expected a value/],
    ['and slots.a', 0, /unexpected keyword 'and'/],
    ['slots.a is', 10, /expected a value/],
    ['slots.{{ context.x | nope }} = 1', 21, /unsupported filter 'nope'/],
    ['slots.{{ context.x = 1', 6, /unclosed '\{\{'/],
    ['{% if x %}slots.a{% endif %}', 0, /statements/],
  ] as const)('rejects %j at offset %i', (source, offset, message) => {
    const error = errorOf(source);
    expect(error.offset).toBe(offset);
    expect(error.message).toMatch(message);
  });
});

describe('referencedSlots', () => {
  it.each([
    ['slots.a > 1 and slots.b.c = "x" or context.d', ['a', 'b']],
    ['{"x" slots.s} contains slots.t', ['s', 't']],
    ['slots.a matches "slots.b"', ['a']],
    ['"slots.a" = slots.a and slots.a', ['a']],
    ['slots.{{context.collect}} is not null and slots.fixed', ['fixed']],
    ['not (slots.a)', ['a']],
    ['slots', []],
    ['slots.a >', []],
  ] as const)('%s → %j', (source, expected) => {
    expect(referencedSlots(source)).toEqual(expected);
  });
});
