/**
 * "Talk to your assistant" in the inspector, in real Chromium: the microphone is a WAV file flite
 * spoke (Chromium's fake capture device), the page streams it over browser_audio to pocketsphinx,
 * plays the bank's flite answer back, echoes the markers, and shows the latency beside the answer.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InspectionLog } from '../../src/adapters/inspection/inspection-log.ts';
import { FliteTts } from '../../src/adapters/speech/offline/flite-tts.ts';
import { composeRuntime, type ComposedRuntime } from '../../src/cli/compose-runtime.ts';
import { speechEnginesOf } from '../../src/cli/speech-engines.ts';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { inspectorPlugin } from '../../src/server/inspector-route.ts';

const PROJECT = fileURLToPath(new URL('../../examples/voice/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';

let runtime: ComposedRuntime;
let server: ColloquyServer;
let browser: Browser;
let scratch: string;

/** A 16 kHz mono WAV: silence while the greeting plays, the line, then silence. */
async function microphoneFile(text: string): Promise<string> {
  const flite = new FliteTts();
  const chunks: Uint8Array[] = [];
  for await (const chunk of flite.synthesize({ text })) chunks.push(chunk);
  const silence = (seconds: number) => Buffer.alloc(seconds * 16000 * 2);
  const pcm = Buffer.concat([silence(1), ...chunks, silence(4)]);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  const file = join(scratch, 'microphone.wav');
  await writeFile(file, Buffer.concat([header, pcm]));
  return file;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  scratch = await mkdtemp(join(tmpdir(), 'inspector-voice-'));
  const logger = pino({ level: 'silent' });
  // As `colloquy inspect` serves it: turns recorded in detail.
  const inspection = new InspectionLog();
  runtime = await composeRuntime({ project: PROJECT }, { logger, stores: 'memory', inspection });
  server = await createServer({
    inspection,
    runtime: runtime.processor,
    model: runtime.current(),
    port: 0,
    host: '127.0.0.1',
    enableApi: true,
    logger,
    extraPlugins: [inspectorPlugin],
    speech: speechEnginesOf(() => runtime.current()),
  });
  const microphone = await microphoneFile('what is my balance');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${microphone}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await runtime?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('talks to the assistant from the inspector: the spoken question is answered and the latency shown', async () => {
  const url = await server.listen();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${url}/inspect`);
  await page.locator('#conversation-id').filter({ hasText: /^inspect-/ }).waitFor();
  await page.getByRole('button', { name: 'Talk' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Hang up' }).count(), { timeout: 15_000 }).toBe(1);

  // The transcript and the answer come from the tracker, which the page polls.
  const answer = page.locator('#messages .message.bot', { hasText: 'Your balance is 1000 dollars' });
  await answer.waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('#messages .message.user').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/balance/)]));
  await expect.poll(() => answer.getByLabel('voice latency').textContent(), { timeout: 10_000 }).toMatch(/response \d+ ms · processing \d+ ms · TTS first byte \d+ ms/);

  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => page.locator('#status').textContent()).toMatch(/Call ended: you hung up/);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
