/**
 * `twilio_voice` over HTTP against a real `colloquy run` of the starter: Twilio's form-encoded
 * webhooks in, TwiML `<Gather>`/`<Say>` out, Basic auth, the empty-result repeat and call end.
 */
import { describe, expect, it } from 'vitest';
import { starterServerForSuite, trackerEvents } from '../serving/colloquy-process.ts';
import { basicAuth } from './twilio-jambonz-auth.ts';
import { parseTwiml, type XmlElement } from './twilio-twiml.ts';

const server = starterServerForSuite({
  credentials: `rest:
twilio_voice:
  assistant_voice: Polly.Joanna
  speech_timeout: 3
  username: twilio
  password: s3cret
`,
});

const AUTH = basicAuth('twilio', 's3cret');

async function webhook(form: Record<string, string>, authorization: string | null = AUTH): Promise<Response> {
  return fetch(`${server.url}/webhooks/twilio_voice/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(form).toString(),
  });
}

async function twiml(form: Record<string, string>): Promise<XmlElement> {
  const response = await webhook(form);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
  return parseTwiml(await response.text());
}

const GATHER = { input: 'speech', action: '/webhooks/twilio_voice/webhook', actionOnEmptyResult: 'true', speechTimeout: '3', speechModel: 'default', enhanced: 'false' };
const say = (text: string) => ({ name: 'Say', attributes: { voice: 'Polly.Joanna' }, children: [], text });
const pause = { name: 'Pause', attributes: { length: '1' }, children: [], text: '' };

describe('twilio_voice on a real colloquy run', () => {
  it('refuses webhooks without the Basic credentials, with a challenge Twilio answers', async () => {
    const anonymous = await webhook({ From: '+15550001', CallStatus: 'ringing' }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="webhooks/twilio_voice/webhook"');
    expect((await webhook({ From: '+15550001', CallStatus: 'ringing' }, basicAuth('twilio', 'wrong'))).status).toBe(401);
    expect((await webhook({ From: '+15550001', CallStatus: 'ringing' }, 'Bearer s3cret')).status).toBe(401);
  });

  it('answers a call, gathers speech turn by turn, repeats itself on silence and ends the session on hangup', async () => {
    const caller = `+1555${Date.now() % 1_000_000}`;
    const call = { From: caller, CallSid: 'CA0123', Caller: caller, Called: '+15559999', Direction: 'inbound' };

    const answer = await twiml({ ...call, CallStatus: 'ringing' });
    expect(answer.name).toBe('Response');
    expect(answer.children.map((c) => c.name)).toEqual(['Gather']);
    expect(answer.children[0]!.attributes).toEqual(GATHER);

    const balance = await twiml({ ...call, CallStatus: 'in-progress', SpeechResult: 'what is my balance' });
    expect(balance.children).toEqual([
      say('Your balance is $1000.'),
      pause,
      { name: 'Gather', attributes: GATHER, children: [say('Is there anything else you need?')], text: '' },
    ]);

    // Twilio posts without SpeechResult when the caller said nothing: the last bot message again.
    const repeat = await twiml({ ...call, CallStatus: 'in-progress' });
    expect(repeat.children).toEqual([{ name: 'Gather', attributes: GATHER, children: [say('Is there anything else you need?')], text: '' }]);
    expect(await twiml({ ...call, CallStatus: 'in-progress', SpeechResult: ' ' })).toEqual(repeat);

    expect((await webhook({ ...call, CallStatus: 'completed' })).status).toBe(200);

    const events = await trackerEvents(server.url, caller);
    const users = events.filter((e) => e.event === 'user') as { text: string; metadata?: Record<string, unknown>; input_channel?: string }[];
    expect(users.map((e) => e.text)).toEqual(['/session_start', 'what is my balance', '/session_end']);
    expect(users.every((e) => e.input_channel === 'twilio_voice')).toBe(true);
    // Rasa's CallParameters of the ringing call.
    expect(users[0]!.metadata).toMatchObject({ call_id: 'CA0123', user_phone: caller, bot_phone: '+15559999', direction: 'inbound', stream_id: null });
    expect(users[2]!.metadata).toMatchObject({ reason: 'user disconnected' });
    expect(events.some((e) => e.event === 'session_started')).toBe(true);
    expect(events.findLast((e) => e.event === 'session_ended' || e.event === 'user')).toMatchObject({ event: 'session_ended' });
  });

  it('says the fallback phrase when nothing was said before', async () => {
    const silent = await twiml({ From: `+1666${Date.now() % 1_000_000}`, CallStatus: 'in-progress' });
    expect(silent.children).toEqual([{ name: 'Gather', attributes: GATHER, children: [say("I'm sorry I didn't get that could you rephrase.")], text: '' }]);
  });

  it('answers malformed webhooks with 400 and keeps serving', async () => {
    expect((await webhook({ CallStatus: 'ringing' })).status).toBe(400);
    expect((await webhook({ From: 'x'.repeat(600), SpeechResult: 'hi' })).status).toBe(400);
    const notForm = await fetch(`${server.url}/webhooks/twilio_voice/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: AUTH }, body: '[1]' });
    expect(notForm.status).toBe(400);
    expect((await fetch(`${server.url}/webhooks/twilio_voice/`)).status).toBe(200);
  });
});
