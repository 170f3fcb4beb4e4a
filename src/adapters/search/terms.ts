/**
 * Words that carry meaning, for the lexical index and for picking answer sentences: lower case,
 * English function words dropped, and a light suffix strip so "costs", "costing" and "cost" meet.
 * @module
 */
const STOPWORDS = new Set(
  (
    'a about above after again all am an and any are as at be because been before being below between both but by can could did do does doing down during each few ' +
    'for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or ' +
    'other our ours out over own same she should so some such than that the their them then there these they this those through to too under until up very was we ' +
    'were what when where which while who whom why will with would you your yours please tell know want need like get also much many let thanks thank hi hello'
  ).split(' '),
);

export function termOf(word: string): string | null {
  const w = word.toLowerCase();
  if (w.length < 2 || STOPWORDS.has(w)) return null;
  return stem(w);
}

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('es') && /(ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

export function termsOf(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(termOf).filter((t): t is string => t !== null);
}
