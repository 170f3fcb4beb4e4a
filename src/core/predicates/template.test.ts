import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateSyntaxError } from './index.ts';

const scope = {
  context: { collect: 'amount', nested: { list: ['a', 'b'] } },
  slots: { name: 'Alice', unset: null, yes: true, tags: ['x', "y'z"], profile: { tier: 'gold' } },
  name: ' Bob ',
};

describe('renderTemplate', () => {
  it.each([
    ['plain text', 'plain text'],
    ['{{ context.collect }}', 'amount'],
    ['slots.{{context.collect}}', 'slots.amount'],
    ['{{ slots.name }} / {{slots.profile.tier}}', 'Alice / gold'],
    ['{{ slots.profile["tier"] }}', 'gold'],
    ['{{ context.nested.list[1] }} {{ context.nested.list.0 }}', 'b a'],
    ['[{{ context.missing }}]', '[]'],
    ['[{{ context.missing.deeper }}]', '[]'],
    ['{{ slots.unset }}', 'None'],
    ['{{ slots.yes }}', 'True'],
    ['{{ slots.tags }}', "['x', 'y\\'z']"],
    ['{{ slots.profile }}', "{'tier': 'gold'}"],
    ['{{ slots.name | upper }}', 'ALICE'],
    ['{{ slots.name|lower }}', 'alice'],
    ['[{{ name | trim }}]', '[Bob]'],
    ['{{ context.missing | default("n/a") }}', 'n/a'],
    ['{{ slots.name | default("n/a") | lower }}', 'alice'],
    ["{{ 'literal' }} {{ 42 }}", 'literal 42'],
    ['a {# note #}b', 'a b'],
    ['a   {{- slots.name -}}   b', 'aAliceb'],
    ['a {x} b', 'a {x} b'],
  ])('%s → %s', (source, expected) => {
    expect(renderTemplate(source, scope)).toBe(expected);
  });

  it.each([
    ['{{ x', 0],
    ['ab {{ x | shout }}', 10],
    ['{{ x.( }}', 5],
    ['{{ }}', 3],
    ['{{ x | default }}', 7],
    ['{% if x %}', 0],
    ['{# unclosed', 0],
  ])('throws TemplateSyntaxError for %j at offset %i', (source, offset) => {
    let caught: unknown;
    try {
      renderTemplate(source, scope);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateSyntaxError);
    expect((caught as TemplateSyntaxError).offset).toBe(offset);
  });
});
