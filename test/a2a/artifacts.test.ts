/**
 * Artifacts are kept on the task: streamed chunks are applied per `append`/`lastChunk`, files and
 * JSON from bot messages become file and data artifacts; GetTask returns them, push carries them.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STREAMED_PIECES } from './fake-runtime.ts';
import { msg03, msg10, startHarness, type Harness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const v1 = { 'A2A-Version': '1.0' };
let h: Harness;
let receiver: FastifyInstance;
let hook = '';
const pushed: Json[] = [];

beforeAll(async () => {
  receiver = Fastify();
  receiver.addContentTypeParser('application/a2a+json', { parseAs: 'string' }, (_r, b, d) => d(null, JSON.parse(b as string)));
  receiver.post('/hook', async (req) => void pushed.push(req.body as Json));
  await receiver.listen({ host: '127.0.0.1', port: 0 });
  hook = `http://127.0.0.1:${(receiver.server.address() as { port: number }).port}/hook`;
  h = await startHarness({ config: { pushNotificationsEnabled: true, pushNotificationAllowedHosts: ['127.0.0.1'] }, deps: { push: { attempts: 1, timeoutMs: 3000 } } });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

it('a streamed response is stored whole on the task; GetTask returns it in both generations', async () => {
  const sent = (await h.rpc('SendMessage', { message: msg10('stream the answer', 'a1', 'art-1') }, v1)).body.result as Json;
  const expected = { artifactId: expect.any(String), name: 'response', parts: [{ text: STREAMED_PIECES.join('') }] };
  expect(sent.task.artifacts).toEqual([expected]);
  expect(((await h.rpc('GetTask', { id: sent.task.id }, v1)).body.result as Json).artifacts).toEqual([expected]);
  const v03 = (await h.rpc('tasks/get', { id: sent.task.id })).body.result as Json;
  expect(v03.artifacts).toEqual([{ artifactId: sent.task.artifacts[0].artifactId, name: 'response', parts: [{ kind: 'text', text: STREAMED_PIECES.join('') }] }]);
});

it('a file and JSON sent by the bot become an artifact, streamed before the final status', async () => {
  const response = await fetch(`${h.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...v1 },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendStreamingMessage', params: { message: msg10('send me the brochure', 'a2', 'art-2') } }),
  });
  const events = (await response.text()).split('\n\n').filter((c) => c.startsWith('data: ')).map((c) => JSON.parse(c.slice(6)).result as Json);
  const kinds = events.map((e) => Object.keys(e)[0]);
  expect(kinds.indexOf('artifactUpdate')).toBeLessThan(kinds.lastIndexOf('statusUpdate'));
  const update = events.find((e) => e.artifactUpdate)!.artifactUpdate;
  expect(update).toMatchObject({ append: false, lastChunk: true });
  expect(update.artifact.parts).toEqual([{ url: 'https://files.test/brochure.png' }, { data: { pages: 4, topics: ['fees'] } }]);
  const taskId = events[0]!.task.id;
  const got = (await h.rpc('GetTask', { id: taskId }, v1)).body.result as Json;
  expect(got.artifacts).toEqual([update.artifact]);
});

it('push notifications carry the artifacts: v1.0 as artifact updates, v0.3 inside the task', async () => {
  pushed.length = 0;
  const v10 = (await h.rpc('SendMessage', { message: msg10('stream the answer', 'a3', 'art-3'), configuration: { taskPushNotificationConfig: { url: hook } } }, v1)).body.result as Json;
  const v03 = (await h.rpc('message/send', { message: msg03('stream the answer', 'a4', 'art-4'), configuration: { pushNotificationConfig: { url: hook } } })).body.result as Json;
  await h.pushIdle();
  const v10Bodies = pushed.filter((b) => (b.task?.id ?? b.statusUpdate?.taskId ?? b.artifactUpdate?.taskId) === v10.task.id);
  expect(v10Bodies.map((b) => Object.keys(b)[0])).toEqual(['task', 'artifactUpdate', 'statusUpdate']);
  expect(v10Bodies[1]!.artifactUpdate.artifact.parts).toEqual([{ text: STREAMED_PIECES.join('') }]);
  const v03Bodies = pushed.filter((b) => b.id === v03.id);
  expect(v03Bodies.at(-1)!.artifacts[0].parts).toEqual([{ kind: 'text', text: STREAMED_PIECES.join('') }]);
});
