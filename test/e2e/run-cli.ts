/** Runs the colloquy CLI in process with captured output, for the e2e suites. */
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

export const STARTER = fileURLToPath(new URL('../../examples/starter/', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly out: string;
  /** stderr without the progress lines. */
  readonly err: string;
  /** The `e2e: n/total cases` progress lines (stderr, since these runs are not interactive). */
  readonly progress: readonly string[];
}

const PROGRESS_LINE = /^e2e: \d+\/\d+ cases$/;

export async function runCli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), color: false };
  const code = await main(argv, io);
  const lines = err.split(/(?<=\n)/);
  return {
    code,
    out,
    err: lines.filter((l) => !PROGRESS_LINE.test(l.trimEnd())).join(''),
    progress: lines.filter((l) => PROGRESS_LINE.test(l.trimEnd())).map((l) => l.trimEnd()),
  };
}
