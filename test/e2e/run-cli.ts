/** Runs the colloquy CLI in process with captured output, for the e2e suites. */
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

export const STARTER = fileURLToPath(new URL('../../examples/starter/', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), color: false };
  const code = await main(argv, io);
  return { code, out, err };
}
