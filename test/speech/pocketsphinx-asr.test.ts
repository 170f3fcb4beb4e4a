import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsrEngine } from '../../src/adapters/speech/engine-registry.ts';
import { PocketsphinxAsr } from '../../src/adapters/speech/offline/pocketsphinx-asr.ts';
import type { AsrEngine, AsrEvent } from '../../src/ports/speech.ts';
import { describeAsrEngineContract, feedFrames } from '../contracts/asr-engine-contract.ts';
import { spoken } from './spoken-audio.ts';
import { waitFor } from './wait-for.ts';
import { starterAssistant } from './starter-assistant.ts';

/** pocketsphinx with the starter's domain language model, as `asr: {name: pocketsphinx}` builds it. */
async function starterPocketsphinx(): Promise<PocketsphinxAsr> {
  return (await createAsrEngine({ name: 'pocketsphinx' }, { assistant: await starterAssistant() })) as PocketsphinxAsr;
}

describeAsrEngineContract('pocketsphinx (domain language model)', async () => {
  const engine = await starterPocketsphinx();
  return {
    engine,
    utterances: [
      { audio: await spoken('I would like to check my balance'), keywords: ['check', 'balance'] },
      { audio: await spoken('I want to transfer money'), keywords: ['transfer', 'money'] },
    ],
    openResources: () => engine.openStreams,
    finalTimeoutMs: 30_000,
    dispose: () => engine.close(),
  };
});

describe('pocketsphinx on spoken starter phrases', () => {
  let engine: AsrEngine;
  beforeAll(async () => {
    engine = await starterPocketsphinx();
  }, 60_000);
  afterAll(() => engine.close?.());

  async function transcribe(text: string, sendBytes?: number): Promise<{ finals: string[]; interims: number }> {
    const events: AsrEvent[] = [];
    const stream = await engine.open({ onEvent: (e) => events.push(e), onError: (e) => expect.fail(e.message) });
    const audio = await spoken(text);
    if (sendBytes) for (let at = 0; at < audio.length; at += sendBytes) stream.send(audio.subarray(at, at + sendBytes));
    else await feedFrames(stream, engine.inputFormat, audio);
    await waitFor(() => events.some((e) => e.type === 'final'), 30_000, 'the final');
    await stream.close();
    return { finals: events.flatMap((e) => (e.type === 'final' ? [e.text] : [])), interims: events.filter((e) => e.type === 'interim').length };
  }

  it.each([
    ['how much money do I have', ['money', 'have']],
    ['send fifty dollars to Alice', ['fifty', 'dollars', 'alice']],
    ['add a new contact', ['add', 'contact']],
    ['can I speak to a human agent', ['human', 'agent']],
    // The barge-in of the voice acceptance test.
    ['actually I need to check my balance', ['actually', 'need', 'balance']],
  ])('"%s" comes back with its keywords', async (text, keywords) => {
    const { finals, interims } = await transcribe(text);
    expect(finals).toHaveLength(1);
    for (const keyword of keywords) expect(finals[0]).toContain(keyword);
    expect(interims).toBeGreaterThan(0);
  });

  it('streams: fed in real time, interim results come while the caller is still speaking', async () => {
    const events: { event: AsrEvent; at: number }[] = [];
    const stream = await engine.open({ onEvent: (event) => events.push({ event, at: performance.now() }), onError: (e) => expect.fail(e.message) });
    const speech = await spoken('I want to transfer money to alice', 0);
    await feedFrames(stream, engine.inputFormat, speech, true);
    const speechEnded = performance.now();
    await feedFrames(stream, engine.inputFormat, await spoken('', 1500), true);
    await stream.close();
    const interims = events.filter((e) => e.event.type === 'interim');
    expect(interims.length).toBeGreaterThan(2);
    expect(interims[0]!.at).toBeLessThan(speechEnded);
    const finals = events.filter((e) => e.event.type === 'final');
    expect(finals).toHaveLength(1);
    expect((finals[0]!.event as { text: string }).text).toContain('transfer');
  });

  it('takes audio in pieces that split samples (odd byte counts)', async () => {
    const { finals } = await transcribe('show me my account balance', 333);
    expect(finals).toHaveLength(1);
    expect(finals[0]).toContain('balance');
  });
});

describe('pocketsphinx configuration', () => {
  it('names a missing model file', () => {
    expect(() => new PocketsphinxAsr({ languageModel: '/nonexistent/domain.arpa' })).toThrow('pocketsphinx language_model /nonexistent/domain.arpa does not exist');
  });

  it('a project path is resolved against the project folder', async () => {
    const assistant = await starterAssistant();
    await expect(createAsrEngine({ name: 'pocketsphinx', language_model: 'models/none.arpa' }, { assistant })).rejects.toThrow(`${assistant.root}/models/none.arpa does not exist`);
  });
});
