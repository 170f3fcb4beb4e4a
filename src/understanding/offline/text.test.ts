import { describe, expect, it } from 'vitest';
import { collapseWhitespace, stem, withinOneEdit, withoutSlotValues, words } from './text.ts';

describe('text helpers', () => {
  it('stems inflections onto one form', () => {
    expect(new Set(['transfer', 'transfers', 'transferring', 'transferred'].map(stem))).toEqual(new Set(['transfer']));
    expect(stem('deleting')).toBe(stem('delete'));
    expect(stem('contacts')).toBe(stem('contact'));
  });

  it('expands contractions typed without apostrophe', () => {
    expect(words('whats my balance')).toEqual(["what's", 'my', 'balance']);
  });

  it('tells words one edit apart', () => {
    expect(['balance', 'balnce', 'balancee', 'bakance', 'balanec'].map((w) => withinOneEdit(w, 'balance'))).toEqual([true, true, true, true, false]);
    expect(withinOneEdit('abc', 'xyzuvw')).toBe(false);
    expect(withinOneEdit('', 'a')).toBe(true);
  });

  it('blanks out names, handles and amounts before classification', () => {
    expect(withoutSlotValues('send $50 to Emma Stone and @bob').replace(/\s+/g, ' ').trim()).toBe('send to and');
    expect(withoutSlotValues('Transfer money').trim()).toBe('Transfer money');
  });

  it('collapses whitespace runs as one space, as replacing every run does', () => {
    const texts = ['a b', 'a  b', 'a\tb', ' \t a \n\n b ', 'a \u00a0b', '\u3000', '  ', ' ', '', 'a\r\n b  \t', 'x \u2028 y'];
    for (const text of texts) expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' '));
    const plain = 'send money to Bob';
    expect(collapseWhitespace(plain)).toBe(plain);
  });
});
