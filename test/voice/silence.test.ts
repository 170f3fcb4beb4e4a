/**
 * Silence handling over browser_audio: the timer starts when the last bot audio has played, its
 * length comes from the `silence_timeout` slot (collect step per-channel map or number, channel
 * credentials, endpoints global), and pattern_user_silence repeats, asks, then hangs up.
 * test/voice/project: transfer_money's `recipient` has {browser_audio: 0.5, twilio_media_streams: 30},
 * `amount` 0.6, the channel 0.7, endpoints global 0.9.
 */
import { describe, expect, it } from 'vitest';
import type { Event } from '../../src/core/events.ts';
import { BrowserClient } from './browser-client.ts';
import { userTexts, voiceServerForSuite } from './voice-server.ts';

const ASK_RECIPIENT = 'Who do you want to send money to?';
const ASK_AMOUNT = 'How much do you want to send?';
const botTexts = (events: readonly Event[]) => events.flatMap((e) => (e.event === 'bot' ? [e.text] : []));
const slotValues = (events: readonly Event[], name: string) => events.flatMap((e) => (e.event === 'slot' && e.name === name ? [e.value] : []));

describe('silence timeouts', () => {
  const { voice, closeAfterTest } = voiceServerForSuite();

  async function call(id: string): Promise<BrowserClient> {
    const client = await BrowserClient.connect(voice.url, { query: `?conversation_id=${id}` });
    closeAfterTest(client);
    await client.until(async () => userTexts(await voice.state(id)).includes('/session_start'));
    return client;
  }

  it('repeats, asks whether the caller is still there, then says goodbye and hangs up once that has played', async () => {
    const client = await call('silent-caller');
    voice.asr.latest().say('send money');
    expect(await client.closed(20_000)).toBe(1000);
    const state = await client.until(async () => {
      const s = await voice.state('silent-caller');
      return userTexts(s).includes('/session_end') && s;
    });
    expect(userTexts(state)).toEqual(['/session_start', 'send money', '/silence_timeout', '/silence_timeout', '/silence_timeout', '/session_end']);
    // The last two re-asks come from the hang-up turn and the `/session_end` turn: recorded, never played.
    expect(botTexts(state.events)).toEqual([
      ASK_RECIPIENT,
      ASK_RECIPIENT,
      'Are you still with me?',
      ASK_RECIPIENT,
      "I haven't heard from you, so I'll end the call now.",
      ASK_RECIPIENT,
      ASK_RECIPIENT,
    ]);
    // The step's per-channel map picked browser_audio's 0.5 s.
    expect(slotValues(state.events, 'silence_timeout')).toContain(0.5);
    expect(slotValues(state.events, 'silence_timeout')).not.toContain(30);
    // `/session_end` is a user message that is no timeout: it resets the counter, as any other.
    expect(slotValues(state.events, 'consecutive_silence_timeouts')).toEqual([1, 2, 0]);
    const ask = state.events.find((e) => e.event === 'bot')!;
    const timeout = state.events.find((e) => e.event === 'user' && e.text === '/silence_timeout')!;
    expect(timeout.timestamp - ask.timestamp).toBeGreaterThanOrEqual(0.45);
    expect(state.events.some((e) => e.event === 'session_ended' && e.reason === 'hangup')).toBe(true);
    const spoken = state.events.filter((e) => e.event === 'bot' && e.metadata?.['latency']);
    expect(spoken.length).toBeGreaterThanOrEqual(5);
  });

  it('resets the counter when the caller speaks, and uses the step number for the next question', async () => {
    const client = await call('speaks-again');
    const asr = voice.asr.latest();
    asr.say('send money');
    await client.until(async () => userTexts(await voice.state('speaks-again')).includes('/silence_timeout'));
    // Answer once the repeated question has played (a one-word answer over it would be a dropped backchannel).
    await client.until(() => client.endMarkers().length >= 2);
    const before = asr.bytesReceived;
    client.sendAudio();
    await client.until(() => asr.bytesReceived > before);
    asr.say('Alice');
    const state = await client.until(async () => {
      const s = await voice.state('speaks-again');
      return userTexts(s).filter((t) => t === '/silence_timeout').length >= 2 && botTexts(s!.events).length >= 4 && s;
    });
    const afterAlice = state.events.slice(state.events.findIndex((e) => e.event === 'user' && e.text === 'Alice'));
    expect(slotValues(afterAlice, 'consecutive_silence_timeouts').slice(0, 2)).toEqual([0, 1]);
    expect(slotValues(afterAlice, 'silence_timeout')).toContain(0.6);
    // First silence after the caller spoke: a repeat, not "are you still there?".
    expect(botTexts(afterAlice).slice(0, 2)).toEqual([ASK_AMOUNT, ASK_AMOUNT]);
  });

  it('outside a collect step uses the endpoints global timeout, in a collect without its own the channel one', async () => {
    const client = await call('fees');
    voice.asr.latest().say('explain the fees');
    const state = await client.until(async () => {
      const s = await voice.state('fees');
      return userTexts(s).includes('/silence_timeout') && s;
    });
    const afterFees = state.events.slice(state.events.findIndex((e) => e.event === 'user' && e.text === 'explain the fees'));
    // The flow starts (0.9, endpoints.yml), then "Is there anything else you need?" collects (0.7, credentials.yml).
    // (The slot is still at its initial 7 s, so the reset a real user message makes records nothing.)
    expect(slotValues(afterFees, 'silence_timeout').slice(0, 2)).toEqual([0.9, 0.7]);
  });
});
