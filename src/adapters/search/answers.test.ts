import { describe, expect, it } from 'vitest';
import { extractiveAnswer, renderSearchPrompt, renumberCitations, searchQueryOf } from './answers.ts';
import { chunkText } from './documents.ts';
import type { Domain } from '../../core/domain.ts';
import type { Event } from '../../core/events.ts';

const hit = (text: string) => ({ chunk: { text, source: 'docs/a.txt' }, score: 1 });

describe('chunks', () => {
  it('packs paragraphs up to the size, keeps a heading with its paragraph and cuts long paragraphs at sentences', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const chunks = chunkText(`# Fees\n\nShort paragraph.\n\n${long}\n\nLast one.`, 200);
    expect(chunks.every((c) => c.length <= 200)).toBe(true);
    expect(chunks[0]).toBe('# Fees\n\nShort paragraph.');
    expect(chunks.join(' ')).toContain('Sentence number 29 is here.');
    expect(chunks.at(-1)).toMatch(/Last one\.$/);
  });
});

describe('extractive answers', () => {
  it('answers with the best-matching FAQ answer', () => {
    const faq = 'Q: How do I block a card?\nA: Tap Freeze card in the app.\n\nQ: When does a new card arrive?\nA: Within 5 working days.';
    expect(extractiveAnswer([hit(faq)], 'when will my new card arrive?')).toBe('Within 5 working days.');
  });

  it('answers with the sentence sharing the most words, with the next one when it is short', () => {
    const text = 'Transfers to other banks cost $1.50. There is no monthly fee. Cash costs $2 at machines of other banks.';
    expect(extractiveAnswer([hit(text)], 'is there a monthly fee?')).toBe('There is no monthly fee. Cash costs $2 at machines of other banks.');
    expect(extractiveAnswer([hit(text)], 'what is the capital of France?')).toBeUndefined();
  });
});

describe('citations', () => {
  it('renumbers by first use, drops citations of missing sources and keeps uncited ones last', () => {
    const answer = 'Fees are low [3]. Cards arrive fast [1, 3]. Ask us [7].\nSources:\n[1] docs/cards.txt\n[2] docs/other.txt\n[3] docs/fees.txt';
    expect(renumberCitations(answer)).toBe('Fees are low [1]. Cards arrive fast [1, 2]. Ask us.\nSources:\n[1] docs/fees.txt\n[2] docs/cards.txt\n[2] docs/other.txt');
    expect(renumberCitations('  No sources here.  ')).toBe('No sources here.');
  });
});

describe('prompt', () => {
  it('renders Rasa-style templates, loop.cycle included', () => {
    const domain = { slots: { account: { name: 'account', type: 'text', builtin: false } } } as unknown as Domain;
    const prompt = renderSearchPrompt('{% for doc in docs %}{{ loop.cycle("*", "-") }} {{ doc.metadata.source }}: {{ doc.text }}\n{% endfor %}{% for s in slots %}{{ s.name }}={{ s.value }}{% endfor %} {{ citation_enabled }}', {
      hits: [hit('One.'), hit('Two.')],
      currentConversation: 'USER: hi',
      slots: { account: 'savings', flow_hashes: null },
      domain,
      citationEnabled: true,
      checkRelevancy: false,
    });
    expect(prompt).toBe('* docs/a.txt: One.\n- docs/a.txt: Two.\naccount=savings true');
  });
});

describe('search query', () => {
  it('joins the latest messages newest first, as Rasa does', () => {
    const events = [
      { event: 'user', text: 'send money', timestamp: 1, parse_data: {} },
      { event: 'bot', text: 'How much?', timestamp: 2, data: {}, metadata: {} },
      { event: 'user', text: 'what are the fees?', timestamp: 3, parse_data: {} },
    ] as unknown as Event[];
    expect(searchQueryOf(events, 2)).toEqual({ text: 'what are the fees? How much?', latest: 'what are the fees?' });
  });
});
