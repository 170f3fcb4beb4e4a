import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSPECTOR_PATH, inspectorPlugin } from './inspector-route.ts';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(inspectorPlugin);
});

afterAll(async () => {
  await app.close();
});

describe('inspector route', () => {
  it('serves the page at /inspect with a strict content security policy', async () => {
    const response = await app.inject({ method: 'GET', url: INSPECTOR_PATH });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<script type="module" src="/inspect/inspector.js">');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves every asset the page references, with its content type', async () => {
    const page = (await app.inject({ method: 'GET', url: INSPECTOR_PATH })).body;
    const assets = [...page.matchAll(/(?:href|src)="(\/inspect\/[^"]+)"/g)].map((match) => match[1] as string);
    expect(assets.sort()).toEqual(['/inspect/inspector.css', '/inspect/inspector.js']);
    const types = await Promise.all(assets.map(async (url) => (await app.inject({ method: 'GET', url })).headers['content-type']));
    expect(types).toEqual([expect.stringMatching(/^text\/css/), expect.stringMatching(/^(text|application)\/javascript/)]);
  });

  it('serves nothing outside its folder', async () => {
    for (const url of ['/inspect/../package.json', '/inspect/%2e%2e/%2e%2e/%2e%2e/package.json', '/inspect/missing.js']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });
});
