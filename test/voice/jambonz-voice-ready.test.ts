/**
 * `jambonz` voice-ready over a real WebSocket against a real `colloquy run` of the starter:
 * jambonz's call-control messages in (`session:new`, `/gather` verb hooks, `call:status`), `ack`
 * and queued `say`/`gather` commands out; Basic auth on the upgrade; malformed messages ignored.
 */
import { describe, expect, it } from 'vitest';
import { starterServerForSuite, trackerEvents } from '../serving/colloquy-process.ts';
import { connect, refusedStatus, type FrameReader } from './jambonz-ws-client.ts';
import { basicAuth } from './twilio-jambonz-auth.ts';

const server = starterServerForSuite({
  credentials: `rest:
socketio:
jambonz:
  username: jambonz
  password: s3cret
`,
});

const PROTOCOL = 'ws.jambonz.org';
const AUTH = { authorization: basicAuth('jambonz', 's3cret') };
const wsUrl = () => `${server.url.replace('http', 'ws')}/webhooks/jambonz/websocket`;

function gatherHook(callSid: string, data: Record<string, unknown>) {
  return JSON.stringify({ type: 'verb:hook', msgid: 'h', call_sid: callSid, hook: '/gather', data });
}

/** Reads queued `redirect` commands until a `gather`, returning what was said before it. */
async function saidUntilGather(reader: FrameReader): Promise<string[]> {
  const said: string[] = [];
  for (;;) {
    const frame = await reader.nextJson();
    expect(frame).toMatchObject({ type: 'command', command: 'redirect', queueCommand: true });
    const [verb] = frame.data as Record<string, Record<string, unknown>>[];
    if (verb!.gather) {
      expect(verb!.gather).toMatchObject({ input: ['speech', 'digits'], minDigits: 1, actionHook: '/gather' });
      return said;
    }
    said.push(verb!.say!.text as string);
  }
}

async function waitForUserTexts(callSid: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const texts = (await trackerEvents(server.url, callSid)).filter((e) => e.event === 'user').map((e) => e.text ?? '');
    if (texts.length >= count || Date.now() > deadline) return texts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('jambonz voice-ready on a real colloquy run', () => {
  it('refuses the socket without the Basic credentials', async () => {
    expect(await refusedStatus(wsUrl(), PROTOCOL)).toBe(401);
    expect(await refusedStatus(wsUrl(), PROTOCOL, { authorization: basicAuth('jambonz', 'nope') })).toBe(401);
  });

  it('holds a call: ack, speech turns as say + gather, timeouts, digits, malformed input, call end', async () => {
    const callSid = `jz-${Date.now()}`;
    const reader = await connect(wsUrl(), PROTOCOL, AUTH);
    expect(reader.socket.protocol).toBe(PROTOCOL);

    reader.socket.send(JSON.stringify({ type: 'session:new', msgid: 'm1', call_sid: callSid, data: { from: '+15550001', to: '+15559999', direction: 'inbound' } }));
    expect(await reader.nextJson()).toEqual({ type: 'ack', msgid: 'm1', data: [{ config: { notifyEvents: true } }] });
    expect(await saidUntilGather(reader)).toEqual([]);

    // Interim transcripts are skipped; the final one is the turn.
    reader.socket.send(gatherHook(callSid, { reason: 'speechDetected', speech: { is_final: false, alternatives: [{ transcript: 'what is' }] } }));
    reader.socket.send(gatherHook(callSid, { reason: 'speechDetected', speech: { is_final: true, alternatives: [{ transcript: 'what is my balance', confidence: 0.9 }] } }));
    expect(await saidUntilGather(reader)).toEqual(['Your balance is $1000.', 'Is there anything else you need?']);

    reader.socket.send(gatherHook(callSid, { reason: 'timeout' }));
    expect(await saidUntilGather(reader)).toEqual(["I'm sorry, I didn't catch that."]);

    // Garbage and unknown messages are ignored; the call goes on.
    reader.socket.send('not json');
    reader.socket.send(Buffer.from([1, 2, 3]));
    reader.socket.send(JSON.stringify({ type: 'llm:event', call_sid: callSid }));
    reader.socket.send(JSON.stringify({ type: 'verb:hook', call_sid: 42 }));
    reader.socket.send(gatherHook(callSid, { reason: 'dtmfDetected', digits: '7' }));
    expect((await saidUntilGather(reader)).length).toBeGreaterThan(0);

    reader.socket.send(JSON.stringify({ type: 'call:status', call_sid: callSid, data: { call_status: 'completed' } }));
    const users = await waitForUserTexts(callSid, 4);
    expect(users).toEqual(['/session_start', 'what is my balance', '7', '/session_end']);
    reader.socket.close();

    const events = await trackerEvents(server.url, callSid);
    const start = events.find((e) => e.event === 'user') as { metadata?: Record<string, unknown>; input_channel?: string };
    expect(start.metadata).toMatchObject({ call_id: callSid, user_phone: '+15550001', bot_phone: '+15559999', direction: 'inbound' });
    expect(start.input_channel).toBe('jambonz');
    expect(events.some((e) => e.event === 'session_ended')).toBe(true);
  });

  it('disconnects a peer that floods the socket and keeps serving', async () => {
    const callSid = `jz-flood-${Date.now()}`;
    const reader = await connect(wsUrl(), PROTOCOL, AUTH);
    const closed = new Promise<number>((resolve) => reader.socket.once('close', (code) => resolve(code)));
    reader.socket.send(JSON.stringify({ type: 'session:new', msgid: 'm1', call_sid: callSid, data: {} }));
    for (let i = 0; i < 300; i++) reader.socket.send(gatherHook(callSid, { reason: 'speechDetected', speech: { alternatives: [{ transcript: 'what is my balance' }] } }));
    expect(await closed).toBe(1008);
    expect((await fetch(`${server.url}/webhooks/jambonz/`)).status).toBe(200);
  });
});
