/**
 * Deterministic text embeddings for the mock LLM: a hashed bag of words (plus word prefixes,
 * so "transfer" and "transferring" share weight), L2-normalized. Texts that share words are close.
 * @module
 */

export const DEFAULT_DIMENSIONS = 256;

export function hashedEmbedding(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    addFeature(vector, word, 1);
    if (word.length > 5) addFeature(vector, `prefix:${word.slice(0, 5)}`, 0.5);
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}

function addFeature(vector: number[], feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const index = hash % vector.length;
  // The top bit gives a sign, so unrelated features cancel out on average instead of piling up.
  vector[index] = (vector[index] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
