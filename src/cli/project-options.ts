/**
 * The project-file flags shared by `validate`, `train` and `test e2e`, spelled as Rasa's CLI
 * spells them (`-c/--config`, `-d/--domain`, `--data`, `--endpoints`), plus colloquy's `-p/--project`.
 * @module
 */
import type { Command } from 'commander';
import type { FileOverrides } from '../project/index.ts';

export interface ProjectFileOptions {
  project: string;
  config?: string;
  domain?: string;
  data?: string[];
  endpoints?: string;
}

/** Adds the flags; `which` limits them to what the command (like Rasa's) accepts. */
export function projectFileOptions(command: Command, which: readonly ('config' | 'domain' | 'data' | 'endpoints')[] = ['config', 'domain', 'data', 'endpoints']): Command {
  command.option('-p, --project <dir>', 'project folder', '.');
  if (which.includes('config')) command.option('-c, --config <file>', 'configuration used instead of <project>/config.yml');
  if (which.includes('domain')) command.option('-d, --domain <path>', 'domain file or folder used instead of <project>/domain.yml or domain/');
  if (which.includes('data')) command.option('--data <paths...>', 'data files or folders used instead of <project>/data');
  if (which.includes('endpoints')) command.option('--endpoints <file>', 'endpoints configuration used instead of <project>/endpoints.yml');
  return command;
}

export function fileOverrides(opts: Omit<ProjectFileOptions, 'project'>): FileOverrides {
  return {
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.domain ? { domain: opts.domain } : {}),
    ...(opts.data && opts.data.length > 0 ? { data: opts.data } : {}),
    ...(opts.endpoints ? { endpoints: opts.endpoints } : {}),
  };
}
