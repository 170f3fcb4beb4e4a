import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { renderJinja } from './jinja-template.ts';

describe('renderJinja', () => {
  it('offers Python methods while a response renders, and leaves other nunjucks templates alone', () => {
    const values = { box: { items: ['a', 'b'], size: 2 } };
    expect(renderJinja('{{ box.keys()|join(",") }}', values)).toBe('items,size');
    // Prompts and tool output mappings are nunjucks templates too: a field named `items` stays a field there.
    expect(new nunjucks.Environment(null, { autoescape: false }).renderString('{{ box.items | join("+") }}', values)).toBe('a+b');
  });

  it('throws for a template it cannot parse, so the caller can send it unrendered', () => {
    expect(() => renderJinja('{% if %}', {})).toThrow();
  });
});
