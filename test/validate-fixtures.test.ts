import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadProject } from '../src/project/index.ts';

const root = fileURLToPath(new URL('./fixtures/invalid/', import.meta.url));
const fixtures = readdirSync(root).sort();

describe('invalid fixture projects', () => {
  it('has at least 25 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  it.each(fixtures)('%s fails with its expected first error', async (name) => {
    const expected = readFileSync(`${root}${name}/expected.txt`, 'utf8').trim();
    const { assistant, diagnostics } = await loadProject(`${root}${name}`, { env: {} });
    const firstError = diagnostics.find((d) => d.severity === 'error');
    expect(assistant).toBeUndefined();
    expect(firstError && formatDiagnostic(firstError)).toBe(expected);
  });
});
