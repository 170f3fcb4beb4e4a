import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddingClient } from '../../ports/llm-client.ts';
import { MilvusStore } from './milvus-store.ts';
import { QdrantStore } from './qdrant-store.ts';
import { VectorIndex } from './vector-index.ts';

/** Three-dimensional "embeddings": how often a text says fee, card, phone. */
const embedder: EmbeddingClient = {
  embed: async (texts) => texts.map((t) => ['fee', 'card', 'phone'].map((w) => t.split(w).length - 1)),
};
const query = { text: 'what is the fee?', latest: 'what is the fee?' };

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A fake vector database on 127.0.0.1 that records requests and answers with `reply`. */
async function fakeStore(reply: (req: Received, res: ServerResponse) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const r = { url: req.url ?? '', headers: req.headers, body: JSON.parse(data || '{}') as Record<string, unknown> };
      received.push(r);
      reply(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('embedded vector index', () => {
  it('ranks by cosine similarity, honours the threshold and survives serialisation', async () => {
    const chunks = ['Card fee is low, fee fee.', 'Call our phone line.', 'A card fee, a card.'].map((text, i) => ({ text, source: `d${i}` }));
    const index = await VectorIndex.build(chunks, embedder);
    expect((await index.search(query, 2)).map((h) => h.chunk.source)).toEqual(['d0', 'd2']);
    const copy = VectorIndex.deserialize(chunks, index.serialize(), embedder, 0.5);
    expect((await copy.search(query, 3)).map((h) => h.chunk.source)).toEqual(['d0']);
  });
});

describe('Qdrant over REST', () => {
  it('searches the collection with the query vector, API key and threshold, and reads text and source from the payload', async () => {
    const fake = await fakeStore((_req, res) =>
      json(res, 200, { status: 'ok', time: 0.001, result: [{ id: 7, score: 0.9, payload: { text: 'Transfers cost $1.50.', metadata: { source: 'fees.txt' } } }, { id: 8, score: 0.5, payload: { other: 1 } }] }),
    );
    const store = new QdrantStore({ url: fake.url, collection: 'bank docs', api_key: 'secret' }, embedder, 0.3);
    const hits = await store.search(query, 4);
    expect(hits).toEqual([{ chunk: { text: 'Transfers cost $1.50.', source: 'fees.txt' }, score: 0.9 }]);
    expect(fake.received[0]).toMatchObject({ url: '/collections/bank%20docs/points/search', body: { vector: [1, 0, 0], limit: 4, with_payload: true, score_threshold: 0.3 } });
    expect(fake.received[0]!.headers['api-key']).toBe('secret');
  });

  it('reports HTTP errors, wrong shapes and unreachable servers without echoing the body', async () => {
    const failing = await fakeStore((_req, res) => json(res, 500, { status: { error: 'secret internals' } }));
    await expect(new QdrantStore({ url: failing.url, collection: 'c' }, embedder).search(query, 4)).rejects.toThrow(/^qdrant answered HTTP 500$/);
    const odd = await fakeStore((_req, res) => json(res, 200, { result: 'nope' }));
    await expect(new QdrantStore({ url: odd.url, collection: 'c' }, embedder).search(query, 4)).rejects.toThrow(/unexpected shape/);
    await expect(new QdrantStore({ host: '127.0.0.1', port: 9, collection: 'c' }, embedder).search(query, 4)).rejects.toThrow(/not reachable/);
    expect(() => new QdrantStore({ host: 'x' }, embedder)).toThrow(/needs a 'collection'/);
  });

  it('gives up on a store that does not answer in time', async () => {
    const silent = await fakeStore(() => undefined);
    await expect(new QdrantStore({ url: silent.url, collection: 'c', timeout: 0.2 }, embedder).search(query, 4)).rejects.toThrow(/no answer within 200 ms/);
  });
});

describe('Milvus over REST v2', () => {
  it('searches with the collection, vector, limit and token, and filters by threshold', async () => {
    const fake = await fakeStore((_req, res) =>
      json(res, 200, { code: 0, cost: 0, data: [{ id: 1, distance: 0.8, text: 'No monthly fee.', source: 'fees.txt' }, { id: 2, distance: 0.1, text: 'Far away.' }] }),
    );
    const store = new MilvusStore({ url: fake.url, collection: 'docs', user: 'root', password: 'pw' }, embedder, 0.2);
    expect(await store.search(query, 3)).toEqual([{ chunk: { text: 'No monthly fee.', source: 'fees.txt' }, score: 0.8 }]);
    expect(fake.received[0]).toMatchObject({ url: '/v2/vectordb/entities/search', body: { collectionName: 'docs', data: [[1, 0, 0]], limit: 3 } });
    expect(fake.received[0]!.headers.authorization).toBe('Bearer root:pw');
  });

  it('reports a refused search by its code', async () => {
    const fake = await fakeStore((_req, res) => json(res, 200, { code: 1100, message: 'collection not found' }));
    await expect(new MilvusStore({ url: fake.url, collection: 'x' }, embedder).search(query, 3)).rejects.toThrow(/code 1100: collection not found/);
  });
});
