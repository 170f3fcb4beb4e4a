/**
 * Acceptance: processes on one project's embedded SQLite file (two `colloquy run` replicas, or
 * `run` beside `inspect`) share its locks, so no turn is lost; and a conversation keeps its whole
 * history, however long it runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { say, startColloquy, tempStarterProject, trackerEvents, type ColloquyProcess } from './colloquy-process.ts';

const project = tempStarterProject();
const running: ColloquyProcess[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  project.remove();
});

describe('processes sharing the default SQLite file', () => {
  it('two processes × 10 concurrent turns for one sender store all 20 user messages', async () => {
    const processes = await Promise.all([0, 1].map(() => startColloquy({ project: project.dir })));
    running.push(...processes);
    const replies = await Promise.all(
      processes.flatMap((server, p) => Array.from({ length: 10 }, (_, i) => say(server.url, 'shared-sender', `what is my balance ${p}-${i}`))),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const server of processes) {
      const user = (await trackerEvents(server.url, 'shared-sender')).filter((e) => e.event === 'user');
      expect(user).toHaveLength(20);
      expect(new Set(user.map((e) => e.text)).size).toBe(20);
    }
  }, 120_000);

  it('a 1,000-turn conversation keeps all its events in the tracker', async () => {
    const server = running[0] ?? (await startColloquy({ project: project.dir }));
    const turns = 1_000;
    for (let turn = 0; turn < turns; turn++) {
      const reply = await say(server.url, 'long-talker', turn % 2 === 0 ? 'what is my balance' : 'hello');
      expect(reply.status).toBe(200);
    }
    const events = await trackerEvents(server.url, 'long-talker');
    const user = events.filter((e) => e.event === 'user');
    expect(user).toHaveLength(turns);
    expect(user[0]?.text).toBe('what is my balance');
    expect(events[0]?.event).toBe('action');
  }, 600_000);
});
