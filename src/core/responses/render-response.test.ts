import { describe, expect, it } from 'vitest';
import { interpolateFormat, renderResponse } from './index.ts';

const slots = { name: 'Alice', amount: 50, unset: null, vip: true, items: ['a', 'b'] };

describe('interpolateFormat (Rasa format templates)', () => {
  it.each([
    ['Hello {name}!', 'Hello Alice!'],
    ['{name} sends {amount}', 'Alice sends 50'],
    ['Value: {unset}', 'Value: None'],
    ['VIP: {vip}', 'VIP: True'],
    ['Items: {items}', "Items: ['a', 'b']"],
    ['No placeholders', 'No placeholders'],
    ['Hi {name}, {missing}', 'Hi {name}, {missing}'], // any unknown name leaves the string unfilled
    ['Literal {{name}}', 'Literal {name}'], // doubled braces escape
    ['Hi {name} and {{name}}', 'Hi {name} and {{name}}'],
    ['/inform{"city": "Berlin"}', '/inform{"city": "Berlin"}'],
    ['/SetSlots(who={name})', '/SetSlots(who=Alice)'],
    ['a { b', 'a { b'],
    ['{0}', '{0}'],
  ])('%s → %s', (text, expected) => {
    expect(interpolateFormat(text, slots)).toBe(expected);
  });

  it('does not re-interpolate braces inside slot values', () => {
    expect(interpolateFormat('Said: {quote}', { quote: '{name}' })).toBe('Said: {name}');
  });
});

describe('renderResponse', () => {
  it('fills text, buttons, image, custom and attachment, and names the response', () => {
    const message = renderResponse(
      'utter_confirm',
      {
        text: 'Send {amount} to {name}?',
        buttons: [
          { title: 'Yes, {name}', payload: '/SetSlots(confirmed=true)' },
          { title: 'No', payload: '/deny' },
        ],
        image: 'https://img.example/{name}.png',
        custom: { card: { title: '{name}', count: 3, tags: ['{amount}'] } },
        attachment: { url: '/files/{name}' },
        condition: 'slots.amount > 1',
        channel: 'rest',
        id: 'v1',
        metadata: { rephrase: true },
      },
      { slots },
    );
    expect(message).toEqual({
      text: 'Send 50 to Alice?',
      buttons: [
        { title: 'Yes, Alice', payload: '/SetSlots(confirmed=true)' },
        { title: 'No', payload: '/deny' },
      ],
      image: 'https://img.example/Alice.png',
      custom: { card: { title: 'Alice', count: 3, tags: ['50'] } },
      attachment: { url: '/files/Alice' },
      utter_action: 'utter_confirm',
      metadata: { rephrase: true },
    });
  });

  it('omits parts the variation does not have', () => {
    expect(renderResponse('utter_hi', { text: 'Hi' }, { slots: {} })).toEqual({ text: 'Hi', utter_action: 'utter_hi' });
  });

  it('renders Jinja templates over slots and the frame context', () => {
    const message = renderResponse(
      'utter_jinja',
      {
        text: 'Hi {{ name | upper }}, now in {{ context.flow_id }}{{ missing }}; {single} stays',
        buttons: [{ title: '{{ amount }}', payload: '/SetSlots(amount={{ amount }})' }],
        metadata: { template: 'jinja' },
      },
      { slots, context: { flow_id: 'transfer_money' } },
    );
    expect(message.text).toBe('Hi ALICE, now in transfer_money; {single} stays');
    expect(message.buttons).toEqual([{ title: '50', payload: '/SetSlots(amount=50)' }]);
    expect(message.metadata).toEqual({ template: 'jinja' });
  });

  const jinja = (text: string, values: { slots?: Record<string, unknown>; context?: Record<string, unknown> } = {}) =>
    renderResponse('utter_x', { text, metadata: { template: 'jinja' } }, { slots: values.slots ?? slots, context: values.context ?? {} }).text;

  it('Jinja templates call Python dict methods and filters on the context, as the correction response does', () => {
    const context = { corrected_slots: { amount: 70, recipient: 'Bob' } };
    expect(jinja("Updating {{ context.corrected_slots.keys()|join(', ') }} to {{ context.corrected_slots.values()|join(', ') }}.", { context })).toBe(
      'Updating amount, recipient to 70, Bob.',
    );
  });

  it('Jinja templates run {% %} statements: for over items(), if/else, set', () => {
    const context = { corrected_slots: { amount: 70, recipient: 'Bob' } };
    const text = '{% set n = context.corrected_slots|length %}{% for k, v in context.corrected_slots.items() %}{{ k }}={{ v }}{% if not loop.last %}, {% endif %}{% endfor %} ({{ n }}){% if name %} for {{ name }}{% else %} nobody{% endif %}';
    expect(jinja(text, { context })).toBe('amount=70, recipient=Bob (2) for Alice');
  });

  it('Jinja templates print values as Python does and test them with Python truthiness', () => {
    const values = { slots: { none: null, yes: true, empty: [], word: 'ann' } };
    expect(jinja('{{ none }} {{ yes }} {{ word.upper() }} {{ unknown }}|{% if empty %}full{% else %}empty{% endif %}|{{ "a" if empty or none else "b" }}', values)).toBe('None True ANN |empty|b');
  });

  it('sends a broken Jinja template unrendered', () => {
    const text = 'Hi {{ name | shout }}';
    expect(renderResponse('utter_x', { text, metadata: { template: 'jinja' } }, { slots }).text).toBe(text);
  });

  it('does not change the variation it renders', () => {
    const variation = { text: 'Hi {name}', buttons: [{ title: '{name}', payload: '/x' }] };
    renderResponse('utter_x', variation, { slots });
    expect(variation).toEqual({ text: 'Hi {name}', buttons: [{ title: '{name}', payload: '/x' }] });
  });
});
