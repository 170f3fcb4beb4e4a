/**
 * Qdrant over its REST API (`POST /collections/{name}/points/search`), configured like Rasa's
 * `vector_store: {type: qdrant, collection, host, port, url, https, prefix, api_key,
 * content_payload_key, metadata_payload_key, vector_name, timeout}` in endpoints.yml.
 * @module
 */
import { z } from 'zod';
import type { EmbeddingClient } from '../../ports/llm-client.ts';
import type { Hit, Retriever, SearchQuery } from './retriever.ts';
import { DEFAULT_STORE_HTTP, postJson, str, VectorStoreError, type StoreHttpOptions } from './store-http.ts';

const searchResponse = z.object({
  result: z.array(z.object({ id: z.union([z.string(), z.number()]), score: z.number(), payload: z.record(z.string(), z.unknown()).nullish() })),
});

export class QdrantStore implements Retriever {
  readonly #url: string;
  readonly #http: StoreHttpOptions;
  readonly #contentKey: string;
  readonly #metadataKey: string;
  readonly #vectorName: string | undefined;

  constructor(
    config: Readonly<Record<string, unknown>>,
    private readonly embedder: EmbeddingClient,
    private readonly threshold = 0,
  ) {
    const collection = str(config.collection);
    if (!collection) throw new VectorStoreError("qdrant: endpoints.yml 'vector_store' needs a 'collection'");
    const base = str(config.url) ?? `${config.https === true ? 'https' : 'http'}://${str(config.host) ?? 'localhost'}:${Number(config.port ?? 6333)}`;
    const prefix = str(config.prefix) ? `/${str(config.prefix)!.replace(/^\/|\/$/g, '')}` : '';
    this.#url = `${base.replace(/\/$/, '')}${prefix}/collections/${encodeURIComponent(collection)}/points/search`;
    const apiKey = str(config.api_key);
    this.#http = { ...DEFAULT_STORE_HTTP, ...(typeof config.timeout === 'number' ? { timeoutMs: config.timeout * 1000 } : {}), headers: apiKey ? { 'api-key': apiKey } : {} };
    this.#contentKey = str(config.content_payload_key) ?? 'text';
    this.#metadataKey = str(config.metadata_payload_key) ?? 'metadata';
    this.#vectorName = str(config.vector_name);
  }

  async search(query: SearchQuery, k: number): Promise<Hit[]> {
    const [vector] = await this.embedder.embed([query.text]);
    const body = {
      vector: this.#vectorName ? { name: this.#vectorName, vector } : vector,
      limit: k,
      with_payload: true,
      ...(this.threshold > 0 ? { score_threshold: this.threshold } : {}),
    };
    const { result } = await postJson('qdrant', this.#url, body, searchResponse, this.#http);
    return result.flatMap((point) => {
      const text = point.payload?.[this.#contentKey];
      if (typeof text !== 'string') return [];
      const metadata = point.payload?.[this.#metadataKey] as Record<string, unknown> | undefined;
      return [{ chunk: { text, source: typeof metadata?.source === 'string' ? metadata.source : String(point.id) }, score: point.score }];
    });
  }
}
