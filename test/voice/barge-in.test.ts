/**
 * Barge-in over browser_audio (interruptions enabled, min_words 3): backchannels do nothing, a real
 * sentence cuts playback and becomes the next turn, `allow_interruptions: false` is never cut.
 * The client holds marker echoes, so the bot is "speaking" until the test plays the audio.
 */
import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/channels/voice/call-session.ts';
import type { ConversationState } from '../../src/core/state.ts';
import { BrowserClient } from './browser-client.ts';
import { userTexts, voiceServerForSuite } from './voice-server.ts';

const botTexts = (state: ConversationState | undefined) => (state?.events ?? []).flatMap((e) => (e.event === 'bot' ? [e.text] : []));

describe('barge-in', () => {
  const { voice, closeAfterTest } = voiceServerForSuite({ channelOptions: { asr: { name: 'scripted' }, tts: { name: 'scripted' }, interruptions: { enabled: true } } });

  async function call(id: string): Promise<BrowserClient> {
    const client = await BrowserClient.connect(voice.url, { autoEcho: false, query: `?conversation_id=${id}` });
    closeAfterTest(client);
    await client.until(async () => userTexts(await voice.state(id)).includes('/session_start'));
    return client;
  }

  /** Echoes every marker and waits until the server has read them (frames of one socket are handled in order). */
  async function played(client: BrowserClient): Promise<void> {
    client.echoAll();
    const asr = voice.asr.latest();
    const before = asr.bytesReceived;
    client.sendAudio();
    await client.until(() => asr.bytesReceived > before);
  }

  it('counts words as Rasa does: punctuation stripped, split on whitespace', () => {
    expect(countWords('uh-huh, yeah.')).toBe(2);
    expect(countWords('  actually,   I need ')).toBe(3);
    expect(countWords('...')).toBe(0);
  });

  it('ignores a two-word backchannel while the bot speaks', async () => {
    const client = await call('backchannel');
    const asr = voice.asr.latest();
    asr.say('explain the fees');
    await client.until(() => client.endMarkers().length === 2);
    client.send({ marker: client.markers()[0]!.marker }); // playback has started
    asr.say('uh huh');
    asr.say('yeah okay');
    // The next thing the caller says after playback is a turn again: nothing was cut or queued before it.
    await played(client);
    asr.say('check my balance');
    await client.until(async () => userTexts(await voice.state('backchannel')).includes('check my balance'));
    const state = await voice.state('backchannel');
    expect(userTexts(state)).toEqual(['/session_start', 'explain the fees', 'check my balance']);
    expect(client.frames.some((f) => f.interruptPlayback)).toBe(false);
  });

  it('cuts playback on "actually I need to check my balance" and answers it', async () => {
    const client = await call('barge');
    const asr = voice.asr.latest();
    voice.tts.gate = new Promise(() => undefined); // the fees stay mid-synthesis until interrupted
    asr.say('explain the fees');
    await client.until(() => client.frames.some((f) => f.audio !== undefined));
    client.send({ marker: client.markers()[0]!.marker });
    const before = client.frames.length;

    asr.emit({ type: 'interim', text: 'actually' });
    asr.emit({ type: 'interim', text: 'actually I' });
    expect(client.frames.slice(before).some((f) => f.interruptPlayback)).toBe(false);
    asr.emit({ type: 'interim', text: 'actually I need' });
    await client.until(() => client.frames.slice(before).some((f) => f.interruptPlayback));
    voice.tts.gate = undefined;
    asr.emit({ type: 'final', text: 'actually I need to check my balance' });

    await client.until(async () => botTexts(await voice.state('barge')).includes('Your balance is one hundred dollars.'));
    const state = await voice.state('barge');
    expect(userTexts(state)).toEqual(['/session_start', 'explain the fees', 'actually I need to check my balance']);
    // The cut message is recorded as interrupted; no end marker went out for it.
    const fees = state!.events.find((e) => e.event === 'bot' && e.text?.startsWith('Our fees'));
    expect(fees?.metadata).toMatchObject({ interrupted: true, latency: expect.objectContaining({ processing_latency_ms: expect.any(Number) }) });
    const clearAt = client.frames.findIndex((f) => f.interruptPlayback);
    expect(client.frames.slice(0, clearAt).some((f) => f.latency)).toBe(false);
    // "Is there anything else?" of the cut turn is not spoken: only the balance answer follows.
    await client.until(() => client.endMarkers().length >= 1);
    expect(voice.tts.active).toBe(0);
  });

  it('never cuts an allow_interruptions: false response, and drops speech over it', async () => {
    const client = await call('no-cut');
    const asr = voice.asr.latest();
    asr.say('check my balance');
    await client.until(() => client.endMarkers().length === 2);
    client.send({ marker: client.markers()[0]!.marker }); // the balance is playing
    asr.say('actually I need to explain the fees');
    await played(client);
    // Nothing was cleared and what was said over the balance did not become a turn.
    expect(client.frames.some((f) => f.interruptPlayback)).toBe(false);
    expect(userTexts(await voice.state('no-cut'))).toEqual(['/session_start', 'check my balance']);
  });
});
