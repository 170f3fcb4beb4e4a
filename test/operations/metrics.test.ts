/**
 * Acceptance: `GET /metrics` of a real `colloquy run` with `metrics: {type: prometheus}`, scraped
 * after the scripted 10-turn conversation, shows its turns, understanding, actions, patterns and
 * active conversation; it is protected like the HTTP API and absent when metrics are not configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, say, startColloquy, tempStarterProject, type ColloquyProcess } from '../serving/colloquy-process.ts';
import { SCRIPT } from '../serving/scripted-conversation.ts';
import { sample, scrape } from './prometheus-text.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

describe('GET /metrics', () => {
  const project = tempStarterProject();
  let server: ColloquyProcess;
  beforeAll(async () => {
    server = await startColloquy({ project: project.dir, endpoints: `${FIXTURES}metrics-endpoints.yml` });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    project.remove();
  });

  it('counts the turns, understanding, actions and patterns of a scripted conversation', async () => {
    for (const { message, replies } of SCRIPT) expect((await say(server.url, 'metrics-user', message)).texts).toEqual(replies);
    // Words the offline generator cannot map to a command: pattern_cannot_handle.
    const reply = await say(server.url, 'metrics-user', 'zebra quantum teapot');
    expect(reply.status).toBe(200);

    const text = await scrape(`${server.url}/metrics?token=${API_TOKEN}`);
    const turns = SCRIPT.length + 1;
    expect(sample(text, 'colloquy_turn_duration_seconds_count', { channel: 'rest', outcome: 'ok' })).toBe(turns);
    expect(sample(text, 'colloquy_turn_duration_seconds_bucket', { channel: 'rest', outcome: 'ok', le: '+Inf' })).toBe(turns);
    expect(sample(text, 'colloquy_turn_duration_seconds_sum', { channel: 'rest', outcome: 'ok' })).toBeGreaterThan(0);
    // Every turn but the `/SetSlots(...)` payloads goes through the command generator.
    const generated = turns - SCRIPT.filter((t) => t.message.startsWith('/')).length;
    expect(sample(text, 'colloquy_understanding_duration_seconds_count', { channel: 'rest', outcome: 'ok' })).toBe(generated);
    expect(sample(text, 'colloquy_actions_total', { kind: 'action', name: 'action_check_balance', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'colloquy_actions_total', { kind: 'action', name: 'action_execute_transfer', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'colloquy_patterns_triggered_total', { pattern: 'pattern_cannot_handle' })).toBe(1);
    expect(sample(text, 'colloquy_active_conversations', {})).toBe(1);
    expect(sample(text, 'colloquy_turns_in_progress', {})).toBe(0);
    expect(sample(text, 'colloquy_tracker_events_total', {})).toBeGreaterThan(turns * 2);
    expect(text).toContain('# TYPE colloquy_store_errors_total counter');
    expect(text).toContain('# TYPE colloquy_llm_tokens_total counter');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('answers 401 without the API token', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { reason: string }).reason).toBe('NotAuthenticated');
  });
});

describe('metrics off (the default)', () => {
  const project = tempStarterProject();
  let server: ColloquyProcess;
  beforeAll(async () => {
    server = await startColloquy({ project: project.dir });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    project.remove();
  });

  it('serves no /metrics route', async () => {
    expect((await fetch(`${server.url}/metrics?token=${API_TOKEN}`)).status).toBe(404);
  });
});
