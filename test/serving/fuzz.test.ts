/**
 * Acceptance: 10,000 random requests (bad JSON, wrong types, bodies over the limit, invalid UTF-8,
 * unknown routes, wrong tokens, and valid turns) at a real `colloquy run` on the starter project:
 * no 5xx, a JSON error for every rejected request, the server still answers, and only conversations
 * of accepted requests are stored.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/clock.ts';
import { API_TOKEN, eachWithConcurrency, say, starterServerForSuite } from './colloquy-process.ts';

const REQUESTS = 10_000;
const CONCURRENCY = 16;
const OVER_LIMIT = 'x'.repeat(1024 * 1024 + 10);

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly contentType?: string;
  /** The conversation the request names, if any. */
  readonly conversation?: string;
  /** A body over the limit: the answer must be a readable 413, never a reset connection. */
  readonly oversized?: boolean;
}

function requestMaker(random: () => number): (i: number) => FuzzRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const junk = () => Array.from({ length: Math.floor(random() * 12) }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');
  const anyValue = () => pick<unknown>([null, 1, -0.5, true, 'text', [], ['a'], {}, { a: 1 }, junk()]);
  const token = () => pick(['', `?token=${API_TOKEN}`, '?token=wrong', '?token=', `?token=${API_TOKEN}x`]);
  const json = 'application/json';
  return (i) => {
    const id = `fz${i}`;
    switch (Math.floor(random() * 12)) {
      case 0:
      case 1:
        return { method: 'POST', path: '/webhooks/rest/webhook', body: JSON.stringify({ sender: id, message: pick(['hello', 'send money to Bob', '50', 'what is my balance', '/SetSlots(amount=5)', '']) }), contentType: json, conversation: id };
      case 2:
        return { method: 'POST', path: '/webhooks/rest/webhook', body: JSON.stringify({ sender: id, message: 'hi' }).slice(0, Math.floor(random() * 25)), contentType: json, conversation: id };
      case 3: {
        const sender = pick([id, anyValue()]);
        return { method: 'POST', path: '/webhooks/rest/webhook', body: JSON.stringify({ sender, message: anyValue(), metadata: anyValue() }), contentType: json, conversation: typeof sender === 'string' ? sender : id };
      }
      case 4:
        return { method: 'POST', path: '/webhooks/rest/webhook', body: pick([JSON.stringify({ sender: id }), JSON.stringify({ message: 'hi' }), '{}', '[]', 'null', '']), contentType: pick([json, 'text/plain', undefined]), conversation: id };
      case 5:
        // Invalid UTF-8 inside a JSON string.
        return { method: 'POST', path: '/webhooks/rest/webhook', body: Buffer.concat([Buffer.from(`{"sender":"${id}","message":"a`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]), contentType: json, conversation: id };
      case 6:
        return random() < 0.05
          ? { method: 'POST', path: '/webhooks/rest/webhook', body: `{"sender":"${id}","message":"${OVER_LIMIT}"}`, contentType: json, conversation: id, oversized: true }
          : { method: 'POST', path: `/conversations/${id}/tracker/events${token()}`, body: JSON.stringify(pick<unknown>([{ event: 'slot', name: 'nope', value: 1 }, [{ event: 'teleport' }], [{ event: 'slot' }], 'x', [1, 2]])), contentType: json, conversation: id };
      case 7:
        return { method: pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']), path: `/${pick(['nope', 'webhooks/x/webhook', 'conversations', 'model', '..%2F..', '%zz', 'socket.io/?EIO=9'])}/${encodeURIComponent(junk())}`, body: junk(), contentType: pick([json, 'text/plain', undefined]) };
      case 8:
        return { method: 'POST', path: `/conversations/${id}/messages${token()}`, body: JSON.stringify(pick<unknown>([{ text: 'hi', sender: 'user' }, { text: 1, sender: 'user' }, { text: 'hi', sender: 'bot' }, { text: 'hi' }])), contentType: json, conversation: id };
      case 9:
        return { method: 'POST', path: `/conversations/${id}/trigger_intent${token()}`, body: JSON.stringify(pick<unknown>([{ name: 'check_balance' }, { name: '' }, { name: 3 }, { entities: {} }])), contentType: json, conversation: id };
      case 10:
        return { method: pick(['GET', 'DELETE']), path: `/conversations/${id}/tracker${token()}${pick(['', '&include_events=ALL', '&include_events=BAD'])}`, conversation: id };
      default:
        return { method: pick(['GET', 'PUT']), path: `/${pick(['domain', 'flows', 'status', 'model', 'version', 'health', 'webhooks/rest/'])}${token()}`, body: JSON.stringify({ model_file: anyValue() }), contentType: json };
    }
  };
}

describe('fuzzing a real colloquy run', () => {
  const server = starterServerForSuite();

  it(`answers ${REQUESTS} random requests without a 5xx and stores nothing for rejected ones`, { timeout: 120_000 }, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const make = requestMaker(seededRandom(seed));
    const accepted = new Set<string>();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    await eachWithConcurrency(Array.from({ length: REQUESTS }, (_, i) => i), CONCURRENCY, async (i) => {
      const request = make(i);
      const label = `${request.method} ${request.path.slice(0, 80)}${request.oversized ? ' (oversized body)' : ''}`;
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${server.url}${request.path}`, {
          method: request.method,
          ...(request.contentType ? { headers: { 'content-type': request.contentType } } : {}),
          ...(request.body !== undefined && request.method !== 'GET' ? { body: request.body } : {}),
        });
        text = await response.text();
      } catch (error) {
        // A refused upload must still be answered; a reset connection here is a server fault.
        failures.push(`${label} → no answer: ${networkCause(error)}`);
        return;
      }
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status < 300 && request.conversation) accepted.add(request.conversation);
      if (response.status >= 500) failures.push(`${label} → ${response.status} ${text.slice(0, 200)}`);
      else if (request.oversized && response.status !== 413) failures.push(`${label} → ${response.status}, expected 413`);
      else if (response.status >= 400 && !isJsonError(text)) failures.push(`${label} → ${response.status} non-JSON body ${text.slice(0, 100)}`);
    });
    expect(failures.slice(0, 5), `seed ${seed}: ${failures.length} bad answers; statuses ${JSON.stringify([...statuses])}`).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(REQUESTS / 10);

    const reply = await say(server.url, 'after-fuzz', 'what is my balance');
    expect(reply).toEqual({ status: 200, texts: ['Your balance is $1000.', 'Is there anything else you need?'] });
    const stored = (await (await fetch(`${server.url}/conversations?token=${API_TOKEN}`)).json()) as string[];
    expect(stored.filter((id) => id !== 'after-fuzz' && !accepted.has(id))).toEqual([]);
  });
});

function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

function isJsonError(text: string): boolean {
  try {
    const body = JSON.parse(text) as { status?: unknown; message?: unknown };
    return typeof body === 'object' && body !== null && (typeof body.message === 'string' || body.status === 'failure');
  } catch {
    return false;
  }
}
