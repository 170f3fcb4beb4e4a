/**
 * The starter example as the assistant speech engines serve in tests.
 * @module
 */
import { join } from 'node:path';
import type { Assistant } from '../../src/core/assistant.ts';
import { loadProject } from '../../src/project/index.ts';

export const STARTER_DIR = join(import.meta.dirname, '../../examples/starter');

export async function starterAssistant(): Promise<Assistant> {
  const { assistant } = await loadProject(STARTER_DIR);
  if (!assistant) throw new Error('examples/starter does not load');
  return assistant;
}
