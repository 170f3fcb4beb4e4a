import { describe, expect, it } from 'vitest';
import { npmEnv, REPO_ROOT, sh } from './sh.ts';

describe('npm install of this checkout', () => {
  it('prints no EBADENGINE warning: every locked package supports the running Node', { timeout: 120_000 }, async () => {
    // The lock file alone decides what `npm install` installs; --dry-run checks it without touching node_modules.
    const result = await sh('npm install --dry-run --package-lock-only', { cwd: REPO_ROOT, env: npmEnv() });
    expect(result.code, result.err).toBe(0);
    expect(result.err).not.toContain('EBADENGINE');
    expect(result.out).not.toContain('EBADENGINE');
  });
});
