import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RephraserConfig } from '../../core/assistant.ts';
import type { BotMessage, Event } from '../../core/events.ts';
import { emptyConversationState } from '../../core/state.ts';
import type { Transition } from '../../core/turn.ts';
import { createLlmClient } from '../../adapters/llm/llm-client.ts';
import { startMockLlm, type MockLlmServer } from '../../server/mock-llm/mock-llm-server.ts';
import { captureLogger } from '../../../test/mcp/log-capture.ts';
import { createResponseRephraser, DEFAULT_REPHRASE_PROMPT } from './response-rephraser.ts';

describe('ContextualResponseRephraser', () => {
  let mock: MockLlmServer;
  beforeAll(async () => {
    mock = await startMockLlm({
      fixtures: {
        rules: [
          { match: { prompt_regex: 'Summarize this conversation' }, response: { content: 'The user asked about their card.' } },
          { match: { prompt_regex: 'The user asked about their card\\.[\\s\\S]*Planned reply: Your card is on its way\\.' }, response: { content: 'Good news: your card is already on its way!' } },
          { match: { prompt_regex: 'Planned reply: slow' }, response: { content: 'too late', delay_ms: 5_000 } },
          { match: { prompt_regex: 'Planned reply: broken' }, response: { status: 500 } },
        ],
        default: { content: 'rephrased' },
      },
    });
  });
  afterAll(() => mock.close());

  const config = (overrides: Partial<RephraserConfig> = {}): RephraserConfig => ({ rephraseAll: false, summarizeHistory: false, maxHistoricalTurns: 5, ...overrides });
  const llm = (timeout = 5) => createLlmClient({ provider: 'openai_compatible', model: 'm', apiBase: mock.url, apiKey: 'x', timeout, maxRetries: 0, extra: {} });
  const user = (text: string): Event => ({ event: 'user', text, parse_data: {} as never, timestamp: 1 }) as Event;
  const bot = (message: BotMessage): Event => ({ event: 'bot', text: message.text ?? null, data: {}, metadata: { ...(message.metadata ?? {}) }, timestamp: 2 });
  /** A transition that said `messages` after the user wrote `said`. */
  const transition = (said: string, messages: BotMessage[]): Transition => {
    const events = messages.map(bot);
    const state = { ...emptyConversationState('u', {}), events: [user('earlier'), bot({ text: 'Earlier answer.' }), user(said), ...events] };
    return { state, events, messages, effect: { type: 'listen' } };
  };

  it('rewrites the messages that ask for it, and their stored bot events', async () => {
    const rephraser = createResponseRephraser({ config: config(), llm: llm(), template: DEFAULT_REPHRASE_PROMPT, logger: captureLogger().logger });
    const before = mock.requests.length;
    const result = await rephraser.rephrase(transition('hi', [{ text: 'Hello!', metadata: { rephrase: true } }, { text: 'Plain.' }]));
    expect(result.messages.map((m) => m.text)).toEqual(['rephrased', 'Plain.']);
    expect(result.state.events.slice(-2).map((e) => (e.event === 'bot' ? e.text : null))).toEqual(['rephrased', 'Plain.']);
    expect(result.events.map((e) => (e.event === 'bot' ? e.text : null))).toEqual(['rephrased', 'Plain.']);
    expect(result.events[0]?.metadata).toMatchObject({ rephrase: true, utter_source: 'ContextualResponseRephraser', domain_ground_truth: ['Hello!'] });
    const prompt = JSON.stringify(mock.requests.slice(before)[0]?.body);
    expect(mock.requests.length - before).toBe(1);
    expect(prompt).toContain('USER: earlier\\nAI: Earlier answer.\\nUSER: hi');
    expect(prompt).toContain('Planned reply: Hello!');
  });

  it('rephrase_all rewrites every text response except those that set rephrase: false', async () => {
    const rephraser = createResponseRephraser({ config: config({ rephraseAll: true }), llm: llm(), template: DEFAULT_REPHRASE_PROMPT, logger: captureLogger().logger });
    const result = await rephraser.rephrase(transition('hi', [{ text: 'One.' }, { text: 'Two.', metadata: { rephrase: false } }, { image: 'x.png' }]));
    expect(result.messages.map((m) => m.text ?? m.image)).toEqual(['rephrased', 'Two.', 'x.png']);
  });

  it('summarizes the history first with summarize_history', async () => {
    const rephraser = createResponseRephraser({ config: config({ summarizeHistory: true }), llm: llm(), template: DEFAULT_REPHRASE_PROMPT, logger: captureLogger().logger });
    const result = await rephraser.rephrase(transition('where is my card', [{ text: 'Your card is on its way.', metadata: { rephrase: true } }]));
    expect(result.messages[0]?.text).toBe('Good news: your card is already on its way!');
  });

  it('renders slots into a custom prompt', async () => {
    const rephraser = createResponseRephraser({ config: config(), llm: llm(), template: 'Say "{{ suggested_response }}" to {{ slots.name }}.', logger: captureLogger().logger });
    const before = mock.requests.length;
    const t = transition('hi', [{ text: 'Hi.', metadata: { rephrase: true } }]);
    await rephraser.rephrase({ ...t, state: { ...t.state, slots: { name: 'Ada' } } });
    expect(JSON.stringify(mock.requests[before]?.body)).toContain('Say \\"Hi.\\" to Ada.');
  });

  it('sends the template text and logs a warning when the LLM times out or fails', async () => {
    const log = captureLogger();
    const rephraser = createResponseRephraser({ config: config(), llm: llm(0.3), template: DEFAULT_REPHRASE_PROMPT, logger: log.logger });
    const result = await rephraser.rephrase(transition('hi', [{ text: 'slow', metadata: { rephrase: true } }, { text: 'broken', metadata: { rephrase: true } }]));
    expect(result.messages.map((m) => m.text)).toEqual(['slow', 'broken']);
    const warnings = log.lines().filter((l) => l.msg === 'rephrasing failed: the response is sent as written');
    expect(warnings.map((w) => w.level)).toEqual([40, 40]);
    expect(String(warnings[0]?.reason)).toMatch(/timed out/);
    expect(String(warnings[1]?.reason)).toMatch(/HTTP 500/);
  });
});
