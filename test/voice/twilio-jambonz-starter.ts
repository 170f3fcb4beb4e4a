/**
 * A real `colloquy run` on a private copy of the starter whose credentials.yml is replaced, for
 * the telephony channel tests: started before the enclosing `describe` and stopped after it.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startColloquy, tempStarterProject, type ColloquyProcess } from '../serving/colloquy-process.ts';

export function starterWithCredentials(credentialsYaml: string): { readonly url: string } {
  const project = tempStarterProject();
  writeFileSync(join(project.dir, 'credentials.yml'), credentialsYaml);
  let server: ColloquyProcess | undefined;
  beforeAll(async () => {
    server = await startColloquy({ project: project.dir });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    project.remove();
  });
  return {
    get url() {
      if (!server) throw new Error('the server runs only while the suite does');
      return server.url;
    },
  };
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
