import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

const voice = fileURLToPath(new URL('../../examples/voice/', import.meta.url));
const starterActions = fileURLToPath(new URL('../../examples/starter/actions/', import.meta.url));
const saved = process.env.DEEPGRAM_API_KEY;
const temps: string[] = [];

afterEach(() => {
  if (saved === undefined) delete process.env.DEEPGRAM_API_KEY;
  else process.env.DEEPGRAM_API_KEY = saved;
});
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function validateWith(credentials: string): Promise<{ code: number; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-speech-keys-'));
  temps.push(dir);
  cpSync(voice, dir, { recursive: true, filter: (src) => !src.includes('.colloquy') });
  cpSync(starterActions, join(dir, 'actions'), { recursive: true });
  writeFileSync(join(dir, 'credentials.yml'), credentials);
  let out = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (out += t), color: false };
  const code = await main(['validate', '--project', dir], io);
  return { code, out };
}

const twilio = (asr: string) => `twilio_media_streams:\n  server_url: bot.example.com\n  asr:\n${asr}\n  tts:\n    name: flite\n`;

it('warns at the asr section when a cloud engine has no API key, and is quiet once it is set', async () => {
  delete process.env.DEEPGRAM_API_KEY;
  const missing = await validateWith(twilio('    name: deepgram'));
  expect(missing.code).toBe(0);
  expect(missing.out).toMatch(/credentials\.yml:4:5 warning twilio_media_streams\.asr: asr deepgram: no API key: set the DEEPGRAM_API_KEY environment variable/);
  process.env.DEEPGRAM_API_KEY = 'test-key';
  expect((await validateWith(twilio('    name: deepgram'))).out).not.toMatch(/DEEPGRAM_API_KEY/);
});

it('refuses a cloud engine key it does not know, naming the file and line', async () => {
  process.env.DEEPGRAM_API_KEY = 'test-key';
  const result = await validateWith(twilio('    name: deepgram\n    endpointing: soon'));
  expect(result.code).toBe(1);
  expect(result.out).toMatch(/credentials\.yml:4:5 error twilio_media_streams\.asr: asr deepgram: endpointing: .*expected number/);
});
