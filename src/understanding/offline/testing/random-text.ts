/**
 * Random user messages for timing tests: words, names in several scripts, numbers, handles, e-mail
 * fragments, punctuation and whitespace runs, mixed at random (seeded, so a failure can be replayed).
 * @module
 */
const PIECES = [
  'send', 'money', 'to', 'never', 'mind', 'stop', 'cancel', 'one', 'hundred', 'and', 'fifty', 'a', 'thousand', 'no', 'wait',
  'actually', 'make', 'it', 'I', 'meant', 'Bob', 'Zoë', 'José', 'Иван', '王伟', "it's", 'just', 'Anna', '80 EUR', '75$', '$1,000',
  '1.5k', '@bob_1', 'a.b@c.de', '+1 (555) 010-2000', 'next friday', 'at 5pm', 'yes', 'what is', '?', '!', '.', ',', '-', '(', ')',
  "'", '@', '$', '1', '12', '2025-06-02', '   ', '\n', '\t', '🙂', 'A', 'B', 'x',
];

/** A deterministic pseudo-random generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About `length` characters: either pieces joined by spaces, or one piece repeated (the worst case for backtracking). */
export function randomMessage(random: () => number, length: number): string {
  const pick = () => PIECES[Math.floor(random() * PIECES.length)]!;
  if (random() < 0.5) {
    const unit = Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join(random() < 0.5 ? ' ' : '');
    return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  }
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const piece = pick();
    parts.push(piece);
    size += piece.length + 1;
  }
  return parts.join(random() < 0.8 ? ' ' : '').slice(0, length);
}
