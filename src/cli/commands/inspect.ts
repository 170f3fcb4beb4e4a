/**
 * `colloquy inspect`: `colloquy run` with the HTTP API on and the browser debugger at `/inspect`
 * (chat, dialogue stack, slots, commands, events), like `rasa inspect`. Opens no browser: it prints the URL.
 * @module
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { addServeOptions, serve, type RunOptions } from './run.ts';

export function registerInspect(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addServeOptions(program.command('inspect').description('serve the assistant with the browser inspector at /inspect (chat, stack, slots, events)')).action(
    async (opts: RunOptions) => {
      setExit(await inspect(opts, io));
    },
  );
}

async function inspect(opts: RunOptions, io: CliIo): Promise<number> {
  // Loaded here, not at the top: other commands start without the server's dependencies.
  const { inspectorPlugin, INSPECTOR_PATH } = await import('../../server/inspector-route.ts');
  const { InspectionLog } = await import('../../adapters/inspection/inspection-log.ts');
  return serve({ ...opts, enableApi: true }, io, {
    plugins: [inspectorPlugin],
    inspection: new InspectionLog(),
    announce: (url) => `Inspector: ${inspectorUrl(new URL(INSPECTOR_PATH, url), opts)}\n`,
  });
}

/** The page URL to print; it carries the auth token, which the page passes on to the HTTP API. */
function inspectorUrl(url: URL, opts: Pick<RunOptions, 'interface' | 'authToken'>): string {
  // A wildcard bind is reachable on localhost, which the browser also treats as a secure context.
  if (opts.interface === '0.0.0.0' || opts.interface === '::') url.hostname = 'localhost';
  if (opts.authToken) url.searchParams.set('token', opts.authToken);
  return url.href;
}
