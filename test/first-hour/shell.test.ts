import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sh, waitFor } from './sh.ts';

const SLOW = 120_000;
/** The prompt is the last thing on screen (readline ends it with a cursor move). */
const ESC = '\u001b';
const PROMPT_SHOWN = new RegExp(`Your input -> (${ESC}\\[\\d+G)?$`);
const SHELL = `"${process.execPath}" bin/colloquy.js shell --project examples/starter`;
// util-linux `script` gives the shell a pseudo-terminal, where echoing typed text is readline's job.
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('colloquy shell shows both sides of the conversation', () => {
  it.skipIf(!hasScript)('echoes what the user types on a terminal, before the bot answers', { timeout: SLOW }, async () => {
    const child = spawn('script', ['-qfec', SHELL, '/dev/null'], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise((resolve) => child.on('close', resolve));
    try {
      // Type only once the prompt is up: readline has put the terminal in raw mode, so the kernel
      // no longer echoes and whatever shows up was echoed by the shell.
      await waitFor(() => out, (text) => PROMPT_SHOWN.test(text), 60_000);
      child.stdin.write('send 50 to John\r');
      await waitFor(() => out, (text) => text.includes('Please confirm') && PROMPT_SHOWN.test(text), 60_000);
      child.stdin.write('/stop\r');
      await exited;
    } finally {
      child.kill();
    }
    const screen = out.replace(new RegExp(`${ESC}\\[\\d*[GJ]`, 'g'), '').replace(/\r/g, '');
    expect(screen).toContain('Your input -> send 50 to John\nPlease confirm: send $50 to John?\n');
    expect(screen).toContain('Your input -> /stop\n');
  });

  it('writes piped input into its transcript; --debug names the generator and hides bookkeeping slots', { timeout: SLOW }, async () => {
    const result = await sh(`${SHELL} --debug`, { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, input: 'send 5000 to John\n/SetSlots(confirm_transfer=true)\n/stop\n' });
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain(
      [
        'Your input -> send 5000 to John',
        'Please confirm: send $5000 to John?',
        '  1: Yes (/SetSlots(confirm_transfer=true))',
        '  2: No, cancel (/SetSlots(confirm_transfer=false))',
        '  commands (OfflineCommandGenerator): start flow transfer_money, set slot recipient "John", set slot amount 5000',
        '  slots set: amount=5000, recipient="John"',
      ].join('\n'),
    );
    expect(result.out).toContain('Your input -> /SetSlots(confirm_transfer=true)\nSorry, you cannot send $5000');
    expect(result.out).toContain('  commands (button payload): set slot confirm_transfer true\n');
    expect(result.out).not.toContain('flow_hashes');
    expect(result.out).not.toContain('extractor');
  });
});
