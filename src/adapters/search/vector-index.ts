/**
 * The embedded vector store (Rasa's `faiss` type): every chunk's embedding, normalised, in one
 * Float32Array, searched exhaustively by cosine similarity. Exact, nothing to install, and fast
 * enough for knowledge bases of this size (bench/search.ts: p99 and memory up to 100,000 chunks).
 * @module
 */
import type { EmbeddingClient } from '../../ports/llm-client.ts';
import type { Chunk } from './documents.ts';
import type { Hit, Retriever, SearchQuery } from './retriever.ts';

/** How many chunks go to the embeddings API per request. */
const EMBED_BATCH = 64;

export class VectorIndex implements Retriever {
  readonly #chunks: readonly Chunk[];
  readonly #vectors: Float32Array;
  readonly dimensions: number;
  readonly #embedder: EmbeddingClient;
  readonly #threshold: number;

  constructor(chunks: readonly Chunk[], vectors: Float32Array, dimensions: number, embedder: EmbeddingClient, threshold = 0) {
    if (vectors.length !== chunks.length * dimensions) throw new Error(`the index holds ${vectors.length / dimensions} vectors for ${chunks.length} chunks`);
    this.#chunks = chunks;
    this.#vectors = vectors;
    this.dimensions = dimensions;
    this.#embedder = embedder;
    this.#threshold = threshold;
  }

  /** Embeds every chunk (in batches) and builds the index. */
  static async build(chunks: readonly Chunk[], embedder: EmbeddingClient, threshold = 0): Promise<VectorIndex> {
    const rows: number[][] = [];
    for (let i = 0; i < chunks.length; i += EMBED_BATCH) rows.push(...(await embedder.embed(chunks.slice(i, i + EMBED_BATCH).map((c) => c.text))));
    const dimensions = rows[0]?.length ?? 0;
    const vectors = new Float32Array(chunks.length * dimensions);
    rows.forEach((row, i) => {
      if (row.length !== dimensions) throw new Error(`the embeddings model returned vectors of ${row.length} and ${dimensions} dimensions`);
      vectors.set(normalised(row), i * dimensions);
    });
    return new VectorIndex(chunks, vectors, dimensions, embedder, threshold);
  }

  /** The vectors as base64, for the model bundle. */
  serialize(): { dimensions: number; vectors: string } {
    return { dimensions: this.dimensions, vectors: Buffer.from(this.#vectors.buffer, this.#vectors.byteOffset, this.#vectors.byteLength).toString('base64') };
  }

  static deserialize(chunks: readonly Chunk[], data: { dimensions: number; vectors: string }, embedder: EmbeddingClient, threshold = 0): VectorIndex {
    const bytes = Buffer.from(data.vectors, 'base64');
    // copy into an aligned buffer: a Float32Array view needs a 4-byte aligned offset
    const vectors = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(vectors.buffer).set(bytes);
    return new VectorIndex(chunks, vectors, data.dimensions, embedder, threshold);
  }

  async search(query: SearchQuery, k: number): Promise<Hit[]> {
    const [embedding] = await this.#embedder.embed([query.text]);
    if (!embedding || embedding.length !== this.dimensions) throw new Error(`the query embedding has ${embedding?.length ?? 0} dimensions, the index ${this.dimensions}`);
    return this.nearest(normalised(embedding), k);
  }

  /** The `k` chunks closest to a normalised vector, best first. */
  nearest(q: Float32Array, k: number): Hit[] {
    const dims = this.dimensions;
    const v = this.#vectors;
    // top-k kept sorted in small arrays: k is a handful, so insertion beats a heap
    const bestScores: number[] = [];
    const bestIds: number[] = [];
    for (let id = 0, offset = 0; id < this.#chunks.length; id++, offset += dims) {
      const dot = dotAt(q, v, offset, dims);
      if (dot < this.#threshold || (bestScores.length === k && dot <= bestScores[k - 1]!)) continue;
      let at = bestScores.length;
      while (at > 0 && bestScores[at - 1]! < dot) at--;
      bestScores.splice(at, 0, dot);
      bestIds.splice(at, 0, id);
      if (bestScores.length > k) {
        bestScores.pop();
        bestIds.pop();
      }
    }
    return bestIds.map((id, i) => ({ chunk: this.#chunks[id]!, score: bestScores[i]! }));
  }
}

/** `q · v[offset, offset + dims)`, four lanes at a time (about twice as fast as one in V8). */
function dotAt(q: Float32Array, v: Float32Array, offset: number, dims: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let j = 0;
  for (; j + 3 < dims; j += 4) {
    a += q[j]! * v[offset + j]!;
    b += q[j + 1]! * v[offset + j + 1]!;
    c += q[j + 2]! * v[offset + j + 2]!;
    d += q[j + 3]! * v[offset + j + 3]!;
  }
  for (; j < dims; j++) a += q[j]! * v[offset + j]!;
  return a + b + c + d;
}

export function normalised(vector: readonly number[]): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(vector, (x) => x * scale);
}
