/**
 * `sub_agents/<name>/config.yml` for A2A agents: secrets must be `${ENV}` references, and the
 * auth block becomes the `ClientAuth` the client uses.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.ts';

const example = fileURLToPath(new URL('../../examples/a2a-delegation', import.meta.url));

async function loadWithAuth(auth: string) {
  const dir = mkdtempSync(join(tmpdir(), 'a2a-config-'));
  cpSync(example, dir, { recursive: true });
  writeFileSync(join(dir, 'sub_agents/car_dealer/config.yml'), `agent:\n  name: car_dealer\n  protocol: a2a\n  description: dealer\nconfiguration:\n  agent_card: ./card.json\n  auth:\n${auth}`);
  return loadProject(dir, { env: { KEY: 'k-1', SECRET: 's-1' } });
}

describe('A2A sub-agent configuration', () => {
  it.each([
    ['api_key', '    api_key: plain-key\n'],
    ['token', '    token: plain-token\n'],
    ['client_secret', '    oauth:\n      client_id: me\n      client_secret: plain\n      token_url: http://127.0.0.1/token\n'],
  ])('a plain %s fails validation with a clear message', async (key, auth) => {
    const { assistant, diagnostics } = await loadWithAuth(auth);
    expect(assistant).toBeUndefined();
    expect(diagnostics.find((d) => d.code === 'secrets.plain_text')?.message).toBe(`'${key}' is written in plain text.`);
  });

  it('${ENV} secrets are accepted and interpolated; the protocol is case-insensitive', async () => {
    const { assistant } = await loadWithAuth('    oauth:\n      client_id: me\n      client_secret: ${SECRET}\n      token_url: http://127.0.0.1/token\n      scope: cars\n      audience: dealer\n');
    const agent = assistant?.subAgents.car_dealer;
    expect(agent?.protocol).toBe('A2A');
    expect(agent?.configuration.auth).toEqual({ type: 'oauth', clientId: 'me', clientSecret: 's-1', tokenUrl: 'http://127.0.0.1/token', scope: 'cars', audience: 'dealer' });
    const withKey = await loadWithAuth('    api_key: ${KEY}\n    header_name: X-API-Key\n    header_format: "{key}"\n');
    expect(withKey.assistant?.subAgents.car_dealer?.configuration.auth).toEqual({ type: 'api_key', apiKey: 'k-1', headerName: 'X-API-Key', headerFormat: '{key}' });
  });
});
