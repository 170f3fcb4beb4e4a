/**
 * Small helpers that keep diagnostic messages consistent.
 * @module
 */

/** `'x'` for strings, JSON for the rest, "nothing" for null/undefined. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

export function quoteList(items: readonly string[]): string {
  return items.map((i) => `'${i}'`).join(', ');
}

/** The candidate closest to `word` within edit distance 2 (typo suggestions), if any. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** "did you mean" hint suffix, or the fallback text. */
export function suggestion(word: string, candidates: Iterable<string>, fallback: string): string {
  const guess = closestMatch(word, candidates);
  return guess ? `Did you mean '${guess}'? ${fallback}` : fallback;
}
