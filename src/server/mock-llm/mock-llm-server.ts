/**
 * An OpenAI-compatible HTTP server answering from fixtures, so tests (ours and users') run the
 * real LLM client path deterministically: `POST /v1/chat/completions` (plain and SSE, tool calls),
 * `POST /v1/embeddings` (hashed bag-of-words vectors), `GET /v1/models`, and Anthropic's
 * `POST /v1/messages` (non-streaming).
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFixtureFile, parseFixtures, type MockFixtures, type MockFixturesInput, type MockResponse } from './fixtures.ts';
import { DEFAULT_DIMENSIONS, hashedEmbedding } from './hashed-embedding.ts';
import { anthropicMessage, chatCompletion, chatCompletionChunks, countTokens, errorBody } from './openai-wire.ts';
import { appendRuleToFile, fetchUpstreamAnswer, recordedRule, type RecordOptions } from './record-mode.ts';
import { messageText, RuleMatcher, type ChatMessage } from './rule-matcher.ts';

export interface MockLlmOptions {
  /** A fixture file path (YAML/JSON) or fixtures as data. */
  readonly fixtures: string | MockFixturesInput;
  /** 0 (default) = a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Forward to a real endpoint and append its answers as rules (to the file, when `fixtures` is a path). */
  readonly record?: RecordOptions;
}

export interface RecordedRequest {
  readonly method: string;
  /** The route, without `/v1` or an Azure deployment prefix: `/chat/completions`, `/embeddings`, `/models`. */
  readonly path: string;
  /** The request URL as received, query included. */
  readonly url: string;
  /** Parsed JSON body (undefined for GET). */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface MockLlmServer {
  /** Base URL including `/v1`: use it as `api_base`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

/** Starts the mock LLM on 127.0.0.1 (random port unless given). */
export async function startMockLlm(options: MockLlmOptions): Promise<MockLlmServer> {
  const fixtures: MockFixtures = typeof options.fixtures === 'string' ? loadFixtureFile(options.fixtures) : parseFixtures(options.fixtures);
  const matcher = new RuleMatcher(fixtures);
  const requests: RecordedRequest[] = [];
  const closing = new AbortController();
  let counter = 0;

  async function chat(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, wire: 'openai' | 'anthropic'): Promise<void> {
    const given = Array.isArray(body.messages) ? (body.messages as ChatMessage[]) : undefined;
    if (!given) throw new HttpError(400, '`messages` must be an array', 'invalid_request_error');
    if (wire === 'anthropic' && body.stream === true) throw new HttpError(400, 'streaming is not supported on /v1/messages', 'invalid_request_error');
    // Anthropic carries the system prompt beside the messages; rules see it as the first message.
    const messages = wire === 'anthropic' && body.system !== undefined ? [{ role: 'system', content: body.system }, ...given] : given;
    const model = typeof body.model === 'string' ? body.model : 'mock-model';
    const answer = matcher.answer({ model, messages });
    let response = answer.response;
    if (!answer.matched && options.record) {
      response = await fetchUpstreamAnswer(body, options.record, req.headers.authorization);
      if (!response.status) {
        const rule = recordedRule(messages, response);
        matcher.add(rule);
        if (typeof options.fixtures === 'string') appendRuleToFile(options.fixtures, rule);
      }
    }
    if (!(await delay(response, res))) return;
    if (response.status !== undefined && response.status >= 400) {
      sendJson(res, response.status, errorBody(response.error ?? `mock error ${response.status}`, 'mock_error', response.status));
      return;
    }
    const ctx = {
      id: String(++counter),
      model,
      created: Math.floor(Date.now() / 1000),
      promptTokens: messages.reduce((n, m) => n + countTokens(messageText(m)), 0),
    };
    if (wire === 'anthropic') {
      sendJson(res, 200, anthropicMessage(response, ctx));
      return;
    }
    if (body.stream === true) {
      const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
      res.writeHead(response.status ?? 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      for (const chunk of chatCompletionChunks(response, ctx, streamOptions?.include_usage === true)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    sendJson(res, response.status ?? 200, chatCompletion(response, ctx));
  }

  /** Waits `delay_ms` (a hang, when long); false when the client or the server went away meanwhile. */
  function delay(response: MockResponse, res: ServerResponse): Promise<boolean> {
    if (!response.delay_ms) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        res.off('close', onGone);
        closing.signal.removeEventListener('abort', onGone);
        resolve(ok);
      };
      const onGone = () => done(false);
      // Not `req.destroyed`: a request whose body was read is destroyed already (autoDestroy).
      const timer = setTimeout(() => done(!res.destroyed), response.delay_ms);
      res.on('close', onGone);
      closing.signal.addEventListener('abort', onGone);
    });
  }

  function embeddings(res: ServerResponse, body: Record<string, unknown>): void {
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(input) || !input.every((t) => typeof t === 'string')) {
      throw new HttpError(400, '`input` must be a string or an array of strings', 'invalid_request_error');
    }
    const dimensions = typeof body.dimensions === 'number' ? body.dimensions : (fixtures.embeddings?.dimensions ?? DEFAULT_DIMENSIONS);
    const tokens = input.reduce((n, t) => n + countTokens(t), 0);
    sendJson(res, 200, {
      object: 'list',
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: hashedEmbedding(text, dimensions) })),
      model: typeof body.model === 'string' ? body.model : 'mock-embedding',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  function models(res: ServerResponse): void {
    const ids = new Set(['mock-model', ...fixtures.rules.flatMap((r) => (r.match.model ? [r.match.model] : []))]);
    sendJson(res, 200, { object: 'list', data: [...ids].map((id) => ({ id, object: 'model', created: 0, owned_by: 'colloquy-mock' })) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Clients may be configured with or without the `/v1` prefix; Azure clients add a deployment path.
    const url = req.url ?? '/';
    const path = (url.split('?')[0] ?? '/').replace(/^\/v1(?=\/)/, '').replace(/^\/openai\/deployments\/[^/]+(?=\/)/, '');
    const route = `${req.method} ${path}`;
    if (route === 'GET /models') {
      requests.push({ method: 'GET', path, url, body: undefined, headers: req.headers });
      return models(res);
    }
    if (route !== 'POST /chat/completions' && route !== 'POST /embeddings' && route !== 'POST /messages') {
      throw new HttpError(404, `no route ${req.method} ${req.url}`, 'not_found_error');
    }
    const body = await readJsonBody(req);
    requests.push({ method: 'POST', path, url, body, headers: req.headers });
    if (route === 'POST /embeddings') return embeddings(res, body);
    return chat(req, res, body, route === 'POST /messages' ? 'anthropic' : 'openai');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) sendJson(res, error.status, errorBody(error.message, error.type));
      else sendJson(res, 500, errorBody(error instanceof Error ? error.message : String(error), 'server_error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large', 'invalid_request_error');
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON', 'invalid_request_error');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'request body must be a JSON object', 'invalid_request_error');
  return body as Record<string, unknown>;
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
