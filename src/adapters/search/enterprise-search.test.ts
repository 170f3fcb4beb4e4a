import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../core/assistant.ts';
import type { ConversationState } from '../../core/state.ts';
import { loadProject } from '../../project/index.ts';
import { startMockLlm, type MockLlmServer } from '../../server/mock-llm/index.ts';
import { createModelClients } from '../llm/index.ts';
import { createKnowledgeSearch, trainKnowledge } from './index.ts';

let server: MockLlmServer;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startMockLlm({
    port: 0,
    fixtures: {
      rules: [
        { match: { prompt_regex: 'CUSTOM PROMPT' }, response: { content: 'custom answer' } },
        { match: { prompt_regex: 'USER: what does a transfer cost\\?' }, response: { content: 'It costs $1.50 [2].\nSources:\n[2] docs/fees.txt' } },
        { match: { prompt_regex: 'USER: what is the capital of France\\?' }, response: { content: '[NO_RAG_ANSWER]' } },
        { match: { prompt_regex: 'USER: break' }, response: { status: 500, error: 'down' } },
      ],
      default: { content: 'I do not know.' },
    },
  });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project on disk with docs/ and the policy options given as YAML lines. */
async function project(policy: string): Promise<Assistant> {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-search-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs/fees.txt'), 'Fees\n\nTransfers to other banks cost $1.50 each.\n\nThere is no monthly fee.');
  writeFileSync(join(dir, 'docs/cards.txt'), 'A new card arrives within 5 working days.');
  writeFileSync(join(dir, 'custom.jinja2'), 'CUSTOM PROMPT {{ docs | length }} {{ current_conversation }}');
  writeFileSync(join(dir, 'config.yml'), `assistant_id: t\npipeline: []\npolicies:\n  - name: FlowPolicy\n  - name: EnterpriseSearchPolicy\n${policy}`);
  writeFileSync(join(dir, 'domain.yml'), 'version: "3.1"\nslots:\n  account: { type: text }\n');
  writeFileSync(join(dir, 'data.yml'), 'flows:\n  pattern_search:\n    description: search\n    steps:\n      - action: action_trigger_search\n');
  const model = `models:\n      - provider: openai_compatible\n        model: m\n        api_base: ${server.url}\n        api_key: x\n`;
  writeFileSync(join(dir, 'endpoints.yml'), `model_groups:\n  - id: llm\n    ${model}  - id: emb\n    ${model}`);
  const { assistant, diagnostics } = await loadProject(dir, { env: {} });
  if (!assistant) throw new Error(JSON.stringify(diagnostics));
  return assistant;
}

function conversation(...texts: string[]): ConversationState {
  const events = texts.map((text, i) => (i % 2 === 0 ? { event: 'user', text, timestamp: i, parse_data: {} } : { event: 'bot', text, timestamp: i, data: {}, metadata: {} }));
  return { sender_id: 's', slots: { account: 'savings' }, events, stack: [] } as unknown as ConversationState;
}

const clients = () => createModelClients();
const lastPrompt = () => JSON.stringify(server.requests.filter((r) => r.path === '/chat/completions').at(-1)!.body);

describe('EnterpriseSearch with an LLM', () => {
  it('answers from the prompt with the documents, slots and conversation, renumbering citations', async () => {
    const assistant = await project('    llm: { model_group: llm }\n    citation_enabled: true\n');
    const search = (await createKnowledgeSearch(assistant, clients()))!;
    const answer = await search.answer({ state: conversation('hi', 'Hello!', 'what does a transfer cost?'), domain: assistant.domain });
    expect(answer).toMatchObject({ kind: 'answer', text: 'It costs $1.50 [1].\nSources:\n[1] docs/fees.txt', searchQuery: 'what does a transfer cost? Hello!' });
    expect(answer.kind === 'answer' && answer.searchResults[0]).toContain('$1.50');
    const prompt = lastPrompt();
    expect(prompt).toContain('source: docs/fees.txt');
    expect(prompt).toContain('account (text): savings');
    expect(prompt).toContain('USER: hi\\nAI: Hello!\\nUSER: what does a transfer cost?');
    expect(prompt).toContain('Sources:');
  });

  it('turns the relevancy marker into "not relevant", and fails when the LLM does', async () => {
    const assistant = await project('    llm: { model_group: llm }\n    check_relevancy: true\n    max_history: 1\n');
    const search = (await createKnowledgeSearch(assistant, clients()))!;
    expect(await search.answer({ state: conversation('what is the capital of France? fees'), domain: assistant.domain })).toMatchObject({ kind: 'not_relevant' });
    expect(lastPrompt()).toContain('[NO_RAG_ANSWER]');
    await expect(search.answer({ state: conversation('break the fees'), domain: assistant.domain })).rejects.toThrow();
  });

  it('honours a custom prompt file', async () => {
    const assistant = await project('    llm: { model_group: llm }\n    prompt: custom.jinja2\n');
    const search = (await createKnowledgeSearch(assistant, clients()))!;
    expect(await search.answer({ state: conversation('monthly fee?'), domain: assistant.domain })).toMatchObject({ kind: 'answer', text: 'custom answer' });
  });
});

describe('EnterpriseSearch with embeddings', () => {
  it('stores the vectors at train time and reuses them on load, embedding only the question', async () => {
    const assistant = await project('    llm: { model_group: llm }\n    embeddings: { model_group: emb }\n');
    const trained = (await trainKnowledge(assistant, clients()))!;
    expect(trained.chunks.map((c) => c.source)).toEqual(['docs/cards.txt', 'docs/fees.txt']);
    expect(trained.vectors?.dimensions).toBeGreaterThan(0);
    const before = server.requests.filter((r) => r.path === '/embeddings').length;
    const search = (await createKnowledgeSearch(assistant, clients(), JSON.parse(JSON.stringify(trained))))!;
    const answer = await search.answer({ state: conversation('what does a transfer cost?'), domain: assistant.domain });
    expect(answer.kind).toBe('answer');
    expect(server.requests.filter((r) => r.path === '/embeddings').length - before).toBe(1);
  });
});

describe('EnterpriseSearch without an LLM', () => {
  it('ranks lexically and answers with the best sentence, or finds nothing relevant', async () => {
    const assistant = await project('    use_generative_llm: false\n');
    const search = (await createKnowledgeSearch(assistant, undefined))!;
    expect(await search.answer({ state: conversation('is there a monthly fee?'), domain: assistant.domain })).toMatchObject({ kind: 'answer', text: 'There is no monthly fee.' });
    expect(await search.answer({ state: conversation('when does my new card arrive?'), domain: assistant.domain })).toMatchObject({ kind: 'answer', text: 'A new card arrives within 5 working days.' });
    expect(await search.answer({ state: conversation('what is the capital of France?'), domain: assistant.domain })).toMatchObject({ kind: 'not_relevant' });
  });
});
