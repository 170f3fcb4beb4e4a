/**
 * The knowledge-base stores at 1,000 and 100,000 chunks: indexing time, retrieval p50/p99 and memory
 * of the embedded vector index (exact cosine over one Float32Array) at two embedding sizes, and of the
 * BM25 lexical index (MiniSearch) used without an embeddings model. Vectors are random unit vectors
 * (retrieval cost does not depend on their values); texts are drawn from a 5,000-word vocabulary.
 * The embeddings API is not part of the timing (it dominates a real index build and is the same for
 * every store). Baseline in the same run: one JSON.stringify of a 1,000-chunk array.
 * Run: node --expose-gc --import tsx bench/search.ts [sizes, default 1000,100000] [dims, default 384,1536] [largest BM25 size, default 10000]
 */
import type { EmbeddingClient } from '../src/ports/llm-client.ts';
import type { Chunk } from '../src/adapters/search/documents.ts';
import { LexicalIndex } from '../src/adapters/search/lexical-index.ts';
import { VectorIndex } from '../src/adapters/search/vector-index.ts';

const sizes = (process.argv[2] ?? '1000,100000').split(',').map(Number);
const dimsList = (process.argv[3] ?? '384,1536').split(',').map(Number);
const maxLexical = Number(process.argv[4] ?? 10_000);
const QUERIES = 300;
const K = 4;

let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${'abcdefghij'[i % 10]}`);
const sentence = (words: number) => Array.from({ length: words }, () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]).join(' ');
const chunksOf = (n: number): Chunk[] => Array.from({ length: n }, (_, i) => ({ text: `${sentence(150)}.`, source: `doc${i % 100}.txt` }));
const noEmbedder: EmbeddingClient = { embed: async () => [] };

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
function heapMb(): number {
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}
function unitVector(dims: number): Float32Array {
  const v = Float32Array.from({ length: dims }, () => random() * 2 - 1);
  let norm = 0;
  for (const x of v) norm += x * x;
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i]! *= s;
  return v;
}
function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}
async function latencies(run: (i: number) => Promise<unknown> | unknown): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

const baselineChunks = chunksOf(1000);
const baselineMs = Math.min(...Array.from({ length: 5 }, () => timed(() => JSON.stringify(baselineChunks))));
console.log(`baseline: JSON.stringify of 1,000 chunks ${baselineMs.toFixed(2)} ms`);

for (const n of sizes) {
  const chunks = chunksOf(n);
  for (const dims of dimsList) {
    const before = heapMb();
    let index: VectorIndex | undefined;
    // indexing = normalising and packing the vectors the embeddings API returned
    const rows = Array.from({ length: n }, () => Array.from(unitVector(dims)));
    const buildMs = timed(() => {
      const vectors = new Float32Array(n * dims);
      rows.forEach((row, i) => vectors.set(row, i * dims));
      index = new VectorIndex(chunks, vectors, dims, noEmbedder);
    });
    rows.length = 0;
    const memory = heapMb() - before;
    const queries = Array.from({ length: QUERIES }, () => unitVector(dims));
    const { p50, p99 } = await latencies((i) => index!.nearest(queries[i]!, K));
    console.log(`vector  n=${n} dims=${dims}: index ${buildMs.toFixed(0)} ms, query p50 ${p50.toFixed(2)} ms p99 ${p99.toFixed(2)} ms, memory +${memory.toFixed(0)} MB (${(p99 / baselineMs).toFixed(1)}× baseline)`);
    index = undefined;
  }
  if (n > maxLexical) continue;
  const before = heapMb();
  let lexical: LexicalIndex | undefined;
  const buildMs = timed(() => (lexical = new LexicalIndex(chunks)));
  const memory = heapMb() - before;
  const questions = Array.from({ length: QUERIES }, () => sentence(8));
  const { p50, p99 } = await latencies((i) => lexical!.search({ text: questions[i]!, latest: questions[i]! }, K));
  console.log(`bm25    n=${n}: index ${buildMs.toFixed(0)} ms, query p50 ${p50.toFixed(2)} ms p99 ${p99.toFixed(2)} ms, memory +${memory.toFixed(0)} MB (chunks of 150 words)`);
  lexical = undefined;
}
