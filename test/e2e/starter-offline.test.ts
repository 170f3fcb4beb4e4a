import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTestCases } from '../../src/cli/e2e/test-file.ts';
import { runCli, STARTER } from './run-cli.ts';

describe('the starter e2e suite with the offline generator', () => {
  it('ships at least 40 cases and passes them all', async () => {
    const cases = await loadTestCases(join(STARTER, 'e2e_tests'));
    expect(cases.length).toBeGreaterThanOrEqual(40);

    const result = await runCli('test', 'e2e', '--project', STARTER);

    expect(result.err).toBe('');
    expect(result.progress.at(-1)).toMatch(/^e2e: (\d+)\/\1 cases$/);
    expect(result.out).toMatch(new RegExp(`^${cases.length} passed, 0 failed in [\\d.]+s\\n$`, 'm'));
    expect(result.code).toBe(0);
  });
});
