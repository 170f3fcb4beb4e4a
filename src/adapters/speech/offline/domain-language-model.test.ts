import { describe, expect, it } from 'vitest';
import { bigramArpa, buildDomainLanguageModel, numberWords, spokenRuns } from './domain-language-model.ts';

const DICTIONARY = ['check C H EH K', 'my M AY', 'balance B AE L AH N S', 'send S EH N D', 'money M AH N IY', 'to T UW', 'to(2) T IH', 'fifty F IH F T IY', 'dollars D AA L ER Z', 'alice AE L AH S', 'is IH Z', 'your Y AO R'].join('\n');

/** Probabilities of one ARPA model, by context, over the whole vocabulary (with backoff). */
function conditionals(arpa: string): Map<string, Map<string, number>> {
  const unigram = new Map<string, { p: number; bow: number }>();
  const bigram = new Map<string, number>();
  let section = '';
  for (const line of arpa.split('\n')) {
    if (line.startsWith('\\')) section = line;
    else if (line.trim() && section === '\\1-grams:') {
      const [p, w, bow] = line.split(' ');
      unigram.set(w!, { p: 10 ** Number(p), bow: bow === undefined ? 1 : 10 ** Number(bow) });
    } else if (line.trim() && section === '\\2-grams:') {
      const [p, a, b] = line.split(' ');
      bigram.set(`${a} ${b}`, 10 ** Number(p));
    }
  }
  const out = new Map<string, Map<string, number>>();
  for (const [context, { bow }] of unigram) {
    if (context === '</s>') continue;
    const dist = new Map<string, number>();
    for (const [w, { p }] of unigram) if (w !== '<s>') dist.set(w, bigram.get(`${context} ${w}`) ?? bow * p);
    out.set(context, dist);
  }
  return out;
}

describe('domain language model', () => {
  it('says numbers and amounts as words, and splits phrases at placeholders and punctuation', () => {
    expect(numberWords(0)).toBe('zero');
    expect(numberWords(1250)).toBe('one thousand two hundred fifty');
    expect(numberWords(2_000_017)).toBe('two million seventeen');
    expect(spokenRuns('Send $50 to {recipient}, please!')).toEqual([['send', 'fifty', 'dollars', 'to'], ['please']]);
    expect(spokenRuns("Your balance is $1,000.50. I'm done")).toEqual([['your', 'balance', 'is', 'one', 'thousand', 'point', 'five', 'zero', 'dollars'], ["i'm", 'done']]);
    expect(spokenRuns('[Alice](contact_name) and @bob')).toEqual([['and', 'bob']]);
  });

  it('is a proper bigram model: every context distributes probability 1 over the vocabulary', () => {
    const arpa = bigramArpa([['check', 'my', 'balance'], ['send', 'money', 'to', 'alice'], ['check', 'my', 'money']]);
    expect(arpa).toMatch(/^\\data\\\nngram 1=\d+\nngram 2=\d+\n/);
    for (const [context, dist] of conditionals(arpa)) {
      const total = [...dist.values()].reduce((a, b) => a + b, 0);
      expect(total, context).toBeCloseTo(1, 3);
    }
    const afterMy = conditionals(arpa).get('my')!;
    expect(afterMy.get('balance')!).toBeGreaterThan(afterMy.get('alice')!);
  });

  it('keeps only words with a pronunciation, splitting phrases at unknown words, with alternates', () => {
    const model = buildDomainLanguageModel(['Send fifty dollars to Alice', 'check my zorblax balance', 'check my balance'], DICTIONARY);
    expect(model.unknownWords).toEqual(['zorblax']);
    expect(model.dictionary.split('\n')).toEqual(expect.arrayContaining(['to T UW', 'to(2) T IH', 'alice AE L AH S']));
    expect(model.dictionary).not.toContain('zorblax');
    // "my zorblax balance" must not become the bigram "my balance" (it comes only from the third phrase).
    expect(model.arpa).toContain(' my balance');
    expect(model.arpa).not.toMatch(/zorblax/);
    expect(model.words).toBe(8);
  });
});
