/**
 * How jambonz voice-ready speaks each kind of bot message, over a real WebSocket with a scripted
 * runtime: one `say` per message (buttons read out, emojis, images and custom data left out), and a
 * pause plus `hangup` instead of a new `gather` after `action_hangup`.
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jambonzChannel } from '../../src/channels/voice-ready/jambonz.ts';
import { connect, type FrameReader } from './jambonz-ws-client.ts';
import { scriptedRuntime } from './twilio-jambonz-scripted-runtime.ts';

describe('jambonz voice-ready message rendering', () => {
  let app: FastifyInstance;
  let reader: FrameReader;
  beforeAll(async () => {
    app = Fastify();
    await app.register(fastifyWebsocket);
    await app.register(jambonzChannel, { prefix: '/webhooks/jambonz', runtime: scriptedRuntime(), credentials: {} });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    reader = await connect(`${url.replace('http', 'ws')}/webhooks/jambonz/websocket`, 'ws.jambonz.org');
  });
  afterAll(async () => {
    reader.socket.close();
    await app.close();
  });

  async function turn(transcript: string): Promise<Record<string, unknown>[][]> {
    reader.socket.send(JSON.stringify({ type: 'verb:hook', call_sid: 'c1', hook: '/gather', data: { reason: 'speechDetected', speech: { is_final: true, alternatives: [{ transcript }] } } }));
    const commands: Record<string, unknown>[][] = [];
    for (;;) {
      const frame = await reader.nextJson();
      const verbs = frame.data as Record<string, unknown>[];
      commands.push(verbs);
      if (verbs.some((v) => 'gather' in v || 'hangup' in v)) return commands;
    }
  }

  const said = (commands: Record<string, unknown>[][]) => commands.flat().flatMap((v) => (v.say ? [(v.say as { text: string }).text] : []));

  it('reads buttons out after the text, without emojis', async () => {
    expect(said(await turn('buttons'))).toEqual(['Shall I send it . Yes, No']);
  });

  it('says each message and custom text once, leaving images and custom data out', async () => {
    expect(said(await turn('mixed'))).toEqual(['First.\n\nSecond ', 'Said from custom']);
  });

  it('queues a pause and hangup instead of a new gather after action_hangup', async () => {
    const commands = await turn('bye');
    expect(said(commands)).toEqual(['Goodbye.']);
    expect(commands.at(-1)).toEqual([{ pause: { length: 1 } }, { hangup: {} }]);
  });
});
