/**
 * The colloquy version, read once from package.json.
 * @module
 */
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const COLLOQUY_VERSION: string = packageJson.version;
