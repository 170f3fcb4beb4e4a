import { describe, expect, it } from 'vitest';
import { slotValue, toolResultText } from './agent-tools.ts';

describe('set_slot values', () => {
  it('converts the LLM string to the slot type', () => {
    expect(slotValue('true', 'bool')).toBe(true);
    expect(slotValue('False', 'text')).toBe(false);
    expect(slotValue('12.5', 'float')).toBe(12.5);
    expect(slotValue('12.5', 'text')).toBe('12.5');
    expect(slotValue(' M ', 'categorical')).toBe('M');
    expect(slotValue('None', 'text')).toBeNull();
  });
});

describe('tool result text for the LLM', () => {
  it('uses text parts, else the structured content, and cuts the middle of long results', () => {
    expect(toolResultText({ content: [{ type: 'text', text: 'a' }, { type: 'image', data: '…' }, { type: 'text', text: 'b' }] })).toBe('a\nb');
    expect(toolResultText({ content: [], structuredContent: { n: 1 } })).toBe('{"n":1}');
    const long = toolResultText({ content: [{ type: 'text', text: `${'h'.repeat(6000)}${'t'.repeat(6000)}` }] });
    expect(long).toMatch(/^h+\n…\[4000 characters cut\]…\nt+$/);
  });
});
