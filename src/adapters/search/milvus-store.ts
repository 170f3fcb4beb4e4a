/**
 * Milvus over its RESTful API v2 (`POST /v2/vectordb/entities/search`), configured like Rasa's
 * `vector_store: {type: milvus, host, port, collection, user, password}` (plus `url`, `token`,
 * `db_name`, `anns_field`, `text_field`) in endpoints.yml.
 * @module
 */
import { z } from 'zod';
import type { EmbeddingClient } from '../../ports/llm-client.ts';
import type { Hit, Retriever, SearchQuery } from './retriever.ts';
import { DEFAULT_STORE_HTTP, postJson, str, VectorStoreError, type StoreHttpOptions } from './store-http.ts';

const searchResponse = z.object({
  code: z.number(),
  message: z.string().optional(),
  data: z.array(z.record(z.string(), z.unknown())).optional(),
});

export class MilvusStore implements Retriever {
  readonly #url: string;
  readonly #http: StoreHttpOptions;
  readonly #collection: string;
  readonly #dbName: string | undefined;
  readonly #annsField: string | undefined;
  readonly #textField: string;

  constructor(
    config: Readonly<Record<string, unknown>>,
    private readonly embedder: EmbeddingClient,
    private readonly threshold = 0,
  ) {
    const collection = str(config.collection);
    if (!collection) throw new VectorStoreError("milvus: endpoints.yml 'vector_store' needs a 'collection'");
    this.#collection = collection;
    const base = str(config.url) ?? `http://${str(config.host) ?? 'localhost'}:${Number(config.port ?? 19530)}`;
    this.#url = `${base.replace(/\/$/, '')}/v2/vectordb/entities/search`;
    const token = str(config.token) ?? (str(config.user) ? `${str(config.user)}:${str(config.password) ?? ''}` : undefined);
    this.#http = { ...DEFAULT_STORE_HTTP, ...(typeof config.timeout === 'number' ? { timeoutMs: config.timeout * 1000 } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} };
    this.#dbName = str(config.db_name);
    this.#annsField = str(config.anns_field);
    this.#textField = str(config.text_field) ?? 'text';
  }

  async search(query: SearchQuery, k: number): Promise<Hit[]> {
    const [vector] = await this.embedder.embed([query.text]);
    const body = {
      collectionName: this.#collection,
      ...(this.#dbName ? { dbName: this.#dbName } : {}),
      ...(this.#annsField ? { annsField: this.#annsField } : {}),
      data: [vector],
      limit: k,
      outputFields: ['*'],
    };
    const answer = await postJson('milvus', this.#url, body, searchResponse, this.#http);
    if (answer.code !== 0) throw new VectorStoreError(`milvus refused the search (code ${answer.code}${answer.message ? `: ${answer.message.slice(0, 200)}` : ''})`);
    return (answer.data ?? []).flatMap((row) => {
      const text = row[this.#textField];
      const score = typeof row.distance === 'number' ? row.distance : 0;
      if (typeof text !== 'string' || score < this.threshold) return [];
      return [{ chunk: { text, source: typeof row.source === 'string' ? row.source : String(row.id ?? '') }, score }];
    });
  }
}
