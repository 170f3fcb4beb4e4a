import { describe, expect, it } from 'vitest';
import type { Assistant } from '../../core/assistant.ts';
import { createPipeline } from '../pipeline.ts';
import { createOfflineCommandGenerator } from './offline-command-generator.ts';
import { bankAssistant } from './testing/bank-assistant.ts';
import { collectingState, idleState } from './testing/dialogue-states.ts';
import { randomMessage, seeded } from './testing/random-text.ts';

const BODY_LIMIT = 1024 * 1024;
/** Generous: the generator needs about 1–3 µs per character; a quadratic path needs seconds at 100 KB. */
const MICROSECONDS_PER_CHARACTER = 60;

function withPipeline(options: Record<string, unknown>): Assistant {
  const assistant = bankAssistant();
  return { ...assistant, config: { ...assistant.config, pipeline: [{ name: 'OfflineCommandGenerator', options }] } };
}

const pipelineDeps = { llmClientFor: () => { throw new Error('no LLM in this test'); } };

describe('offline generator input bounds', () => {
  it('answers a message over user_input.max_characters (default 420) with the user-input-too-long error, fast', async () => {
    const assistant = bankAssistant();
    const generator = createPipeline(assistant, pipelineDeps);
    const text = 'send money to '.repeat(8000);
    const started = performance.now();
    const { commands } = await generator.predict({ assistant, state: idleState(), text });
    expect(performance.now() - started).toBeLessThan(50);
    expect(commands).toEqual([{ command: 'error', error_type: 'rasa_internal_error_user_input_too_long', info: { max_characters: 420 } }]);
    expect((await generator.predict({ assistant, state: idleState(), text: 'a'.repeat(420) })).commands[0]?.command).not.toBe('error');
  });

  it('reads max_characters from the pipeline, counts characters not UTF-16 units, and turns the limit off when negative', async () => {
    const limited = withPipeline({ user_input: { max_characters: 5 } });
    const generator = createPipeline(limited, pipelineDeps);
    expect((await generator.predict({ assistant: limited, state: idleState(), text: '🙂🙂🙂🙂🙂' })).commands[0]?.command).not.toBe('error');
    expect((await generator.predict({ assistant: limited, state: idleState(), text: 'Zoë, 6' })).commands).toEqual([
      { command: 'error', error_type: 'rasa_internal_error_user_input_too_long', info: { max_characters: 5 } },
    ]);
    const unlimited = withPipeline({ user_input: { max_characters: -1 } });
    const open = createPipeline(unlimited, pipelineDeps);
    const long = `I want to send money ${'really '.repeat(100)}`;
    expect((await open.predict({ assistant: unlimited, state: idleState(), text: long })).commands[0]).toEqual({ command: 'start flow', flow: 'transfer_money' });
  });

  it('still reads a button payload longer than the limit (it is a command, not text to understand)', async () => {
    const limited = withPipeline({ user_input: { max_characters: 10 } });
    const generator = createPipeline(limited, pipelineDeps);
    const { commands } = await generator.predict({ assistant: limited, state: idleState(), text: '/SetSlots(recipient=Bartholomew)' });
    expect(commands).toEqual([expect.objectContaining({ command: 'set slot', name: 'recipient', value: 'Bartholomew' })]);
  });

  it('understands random messages up to the body limit in time linear in their length (limit off)', async () => {
    const assistant = bankAssistant();
    const generator = createOfflineCommandGenerator(assistant, undefined, { maxCharacters: Infinity });
    const random = seeded(20261206);
    const lengths = [BODY_LIMIT, ...Array.from({ length: 40 }, () => 1 + Math.floor(random() * 100_000))];
    for (const [i, length] of lengths.entries()) {
      const text = randomMessage(random, length);
      const state = i % 2 === 0 ? idleState() : collectingState('transfer_money', i % 4 === 1 ? 'recipient' : 'amount');
      const started = performance.now();
      await generator.predict({ assistant, state, text });
      const microseconds = (performance.now() - started) * 1000;
      expect(microseconds / text.length, `message ${i} (${text.length} characters): ${JSON.stringify(text.slice(0, 60))}`).toBeLessThan(
        MICROSECONDS_PER_CHARACTER,
      );
    }
  }, 120_000);

  it('reads a long message of distinct unknown words in time linear in their number (limit off)', async () => {
    const assistant = bankAssistant();
    const generator = createOfflineCommandGenerator(assistant, undefined, { maxCharacters: Infinity });
    let run = 0;
    /** Fastest of three runs, each on words no run read before (the classifier keeps the words it read). */
    const fastest = async (count: number) => {
      const times: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const text = unknownWords(count, `q${"bcdfghjklmnp"[run++]}`);
        const started = performance.now();
        await generator.predict({ assistant, state: idleState(), text });
        times.push(performance.now() - started);
      }
      return Math.min(...times);
    };
    await fastest(2_000);
    const ratio = (await fastest(64_000)) / (await fastest(16_000));
    // Four times the words: about four times the time when linear, sixteen when each word scans the ones before.
    expect(ratio).toBeLessThan(8);
  }, 120_000);
});

/** `count` distinct words nobody trained on (consonant strings after `prefix`), separated by spaces. */
function unknownWords(count: number, prefix: string): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = prefix;
    for (let k = i; ; k = Math.floor(k / letters.length)) {
      word += letters[k % letters.length];
      if (k < letters.length) break;
    }
    words.push(`${word}zy`);
  }
  return words.join(' ');
}
