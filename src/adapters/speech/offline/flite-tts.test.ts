import { describe, expect, it } from 'vitest';
import { describeTtsEngineContract } from '../../../../test/contracts/tts-engine-contract.ts';
import { FliteTts, sentences } from './flite-tts.ts';

const LONG = Array.from({ length: 6 }, (_, i) => `This is sentence number ${i + 1} of a long answer about your account balance and recent transfers.`).join(' ');

describeTtsEngineContract('flite', async () => {
  const engine = new FliteTts();
  return {
    engine,
    text: 'Your balance is one thousand dollars.',
    longText: LONG,
    openResources: () => engine.runningProcesses,
    failing: () => new FliteTts({ binary: '/nonexistent/flite' }),
    dispose: async () => {},
  };
});

describe('flite', () => {
  it('names the apt-get line when the binary is missing', async () => {
    const engine = new FliteTts({ binary: '/nonexistent/flite' });
    const run = async () => {
      for await (const _ of engine.synthesize({ text: 'Hello.' }));
    };
    await expect(run()).rejects.toThrow('apt-get install -y flite');
  });

  it('speaks sentence by sentence, skipping pieces with nothing to say', () => {
    expect(sentences('Hello there! Your balance is $1000. ... "Really?" ok')).toEqual(['Hello there!', 'Your balance is $1000.', '"Really?"', 'ok']);
    expect(sentences(' ... ')).toEqual([]);
  });

  it('refuses a voice that does not speak 16 kHz', async () => {
    const engine = new FliteTts({ voice: 'kal' });
    const run = async () => {
      for await (const _ of engine.synthesize({ text: 'Hello.' }));
    };
    await expect(run()).rejects.toThrow(/16 kHz/);
    expect(engine.runningProcesses).toBe(0);
  });
});
