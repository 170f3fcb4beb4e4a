/**
 * How `twilio_voice` speaks each kind of bot message, over real HTTP with a scripted runtime:
 * paragraphs and buttons read out, emojis and images left out, `action_hangup` ending with `<Hangup/>`.
 * The conversation itself is covered against a real colloquy run in twilio-voice.test.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioVoiceChannel } from '../../src/channels/voice-ready/twilio-voice.ts';
import { scriptedRuntime } from './twilio-jambonz-scripted-runtime.ts';
import { parseTwiml, type XmlElement } from './twilio-twiml.ts';

const runtime = scriptedRuntime();

describe('twilio_voice message rendering', () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = Fastify();
    await app.register(twilioVoiceChannel, {
      prefix: '/webhooks/twilio_voice',
      runtime,
      credentials: { reprompt_fallback_phrase: 'Sorry?', assistant_voice: 'alice', speech_timeout: 'auto', speech_model: 'numbers_and_commands', enhanced: 'false' },
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  async function turn(text: string): Promise<readonly XmlElement[]> {
    const response = await fetch(`${url}/webhooks/twilio_voice/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: '+15550001', CallStatus: 'in-progress', SpeechResult: text }).toString(),
    });
    expect(response.status).toBe(200);
    return parseTwiml(await response.text()).children;
  }

  const said = (elements: readonly XmlElement[]): string[] => elements.flatMap((e) => (e.name === 'Say' ? [e.text] : said(e.children)));

  it('reads buttons out after the text, without emojis', async () => {
    const verbs = await turn('buttons');
    expect(said(verbs)).toEqual(['Shall I send it . Yes, No']);
    expect(verbs[0]!.attributes).toMatchObject({ speechTimeout: 'auto', speechModel: 'numbers_and_commands' });
  });

  it('says each paragraph and custom text, with pauses, and leaves images and custom data out', async () => {
    const verbs = await turn('mixed');
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Pause', 'Say', 'Pause', 'Gather']);
    expect(said(verbs)).toEqual(['First.', 'Second', 'Said from custom']);
  });

  it('hangs up after the last message when the turn ran action_hangup', async () => {
    const verbs = await turn('bye');
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Pause', 'Hangup']);
    expect(said(verbs)).toEqual(['Goodbye.']);
  });
});
