/**
 * Prompt and completion tokens per user turn of the LLM command generators (Compact and
 * SearchReady), with flow retrieval off and on, on the starter and shopping assistants. Each
 * project's e2e suite runs through the real runtime; the generator talks to colloquy's mock LLM
 * over HTTP, and the tokens are the `usage` the mock reports (its count: words and punctuation
 * marks, one token each — close to a BPE count on prose, above it on JSON) as the LLM client
 * received it. Only command-generator calls count; sub-agent calls of the shopping suite do not.
 * The last table splits the first configuration's prompts by section (`## …` headings).
 *
 * Run: npx tsx bench/llm-tokens.ts [num_flows when retrieval is on, default 3]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { stringify } from 'yaml';
import { startShoppingMcpServer } from '../examples/shopping/mcp-server.ts';
import { InspectionLog } from '../src/adapters/inspection/inspection-log.ts';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { runSuite } from '../src/cli/e2e/run-suite.ts';
import { StubbingActionRunner } from '../src/cli/e2e/stub-actions.ts';
import { loadTestCases } from '../src/cli/e2e/test-file.ts';
import type { InspectedLlmCall } from '../src/ports/turn-inspection.ts';
import { countTokens } from '../src/server/mock-llm/openai-wire.ts';
import { startMockLlm } from '../src/server/mock-llm/mock-llm-server.ts';

const retrievalFlows = Number(process.argv[2] ?? 3);
const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const PROJECTS = [
  { name: 'starter', dir: path.join(examples, 'starter'), endpoints: path.join(examples, 'starter/llm/endpoints.yml'), fixtures: path.join(examples, 'starter/llm/mock_llm.yml'), modelGroup: 'command_llm' },
  { name: 'shopping', dir: path.join(examples, 'shopping'), endpoints: path.join(examples, 'shopping/endpoints.yml'), fixtures: path.join(examples, 'shopping/mock-llm.yml'), modelGroup: 'command_llm' },
] as const;
const GENERATORS = ['CompactLLMCommandGenerator', 'SearchReadyLLMCommandGenerator'] as const;
/** The last line every command-generator prompt carries; sub-agent prompts do not. */
const GENERATOR_PROMPT = /latest message is: """/;

function configFile(generator: string, modelGroup: string, retrieval: boolean): string {
  const flowRetrieval = retrieval ? { active: true, num_flows: retrievalFlows, embeddings: { model_group: modelGroup } } : { active: false };
  const config = {
    recipe: 'default.v1',
    language: 'en',
    assistant_id: 'bench',
    pipeline: [{ name: generator, llm: { model_group: modelGroup }, flow_retrieval: flowRetrieval }],
    policies: [{ name: 'FlowPolicy' }],
  };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-llm-tokens-')), 'config.yml');
  writeFileSync(file, stringify(config));
  return file;
}

async function generatorCalls(project: (typeof PROJECTS)[number], generator: string, retrieval: boolean): Promise<{ calls: InspectedLlmCall[]; passed: string }> {
  const inspection = new InspectionLog();
  let stubs: StubbingActionRunner | undefined;
  const runtime = await composeRuntime(
    { project: project.dir, config: configFile(generator, project.modelGroup, retrieval), endpoints: project.endpoints },
    { logger: pino({ level: 'silent' }), stores: 'memory', inspection, wrapActions: (runner) => (stubs = new StubbingActionRunner(runner)) },
  );
  const cases = await loadTestCases(path.join(project.dir, 'e2e_tests'));
  const runId = `${generator}-${retrieval}`;
  const results = await runSuite(runtime.processor, stubs!, cases, { workers: 1, runId });
  await runtime.close();
  const calls = cases.flatMap((_, i) => inspection.turns(`e2e-${runId}-${i}`).flatMap((turn) => turn.llmCalls.filter((call) => GENERATOR_PROMPT.test(call.prompt))));
  return { calls, passed: `${results.filter((r) => r.failures.length === 0).length}/${results.length}` };
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Tokens per `## heading` section of the prompts (the text before the first heading counts as the first). */
function sections(calls: readonly InspectedLlmCall[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const call of calls) {
    // The inspector's prompt text starts with the message role, which the LLM does not count.
    for (const part of call.prompt.replace(/^\[user\]\n/, '').split(/^(?=## )/m)) {
      const title = /^## (.*)/.exec(part)?.[1] ?? '(before the first heading)';
      out.set(title, [...(out.get(title) ?? []), countTokens(part)]);
    }
  }
  return out;
}

const mcp = await startShoppingMcpServer();
process.env.SHOP_MCP_URL = mcp.url;
const rows: string[] = [];
let breakdown: { label: string; calls: InspectedLlmCall[] } | undefined;
for (const project of PROJECTS) {
  const llm = await startMockLlm({ fixtures: project.fixtures });
  process.env.MOCK_LLM_URL = llm.url;
  for (const generator of GENERATORS) {
    for (const retrieval of [false, true]) {
      const { calls, passed } = await generatorCalls(project, generator, retrieval);
      const prompt = calls.map((c) => c.inputTokens ?? Number.NaN);
      const completion = calls.map((c) => c.outputTokens ?? Number.NaN);
      const chars = calls.map((c) => c.prompt.length);
      const label = `${project.name} ${generator.replace('LLMCommandGenerator', '')} retrieval ${retrieval ? `on (${retrievalFlows})` : 'off'}`;
      rows.push(`| ${label} | ${passed} | ${calls.length} | ${fmt(mean(prompt))} | ${fmt(Math.min(...prompt))}–${fmt(Math.max(...prompt))} | ${fmt(mean(completion))} | ${fmt(mean(chars))} |`);
      breakdown ??= { label, calls };
    }
  }
  await llm.close();
}
await mcp.close();

console.log('| assistant, generator, flow retrieval | e2e cases passed | generator calls | prompt tokens/turn (mean) | prompt min–max | completion tokens/turn | prompt chars/turn |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
if (breakdown) {
  console.log(`\nWhere the prompt tokens go (${breakdown.label}, mean per turn):\n`);
  console.log('| section | tokens | share |\n|---|---|---|');
  const total = mean(breakdown.calls.map((c) => c.inputTokens ?? 0));
  for (const [title, counts] of sections(breakdown.calls)) console.log(`| ${title} | ${fmt(mean(counts))} | ${((mean(counts) / total) * 100).toFixed(0)}% |`);
}
