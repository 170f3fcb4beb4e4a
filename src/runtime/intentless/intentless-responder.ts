/**
 * IntentlessPolicy (deprecated in Rasa 3.x, still run by 3.14–3.17): when chitchat's
 * `action_trigger_chitchat` runs, an LLM writes an answer to the conversation from the domain
 * responses that no flow uses (those closest to the conversation by embeddings), and the response
 * whose text is closest to that answer is sent. Rasa also shows the LLM sample conversations from
 * stories; colloquy has no stories, so the prompt has responses only.
 * @module
 */
import type { Logger } from 'pino';
import type { Assistant, ModelConfig } from '../../core/assistant.ts';
import type { Event } from '../../core/events.ts';
import type { ActionResult, ActionRunner } from '../../ports/action-runner.ts';
import { cosineSimilarity } from '../../ports/embedding-similarity.ts';
import type { EmbeddingClient, LlmClient } from '../../ports/llm-client.ts';
import { INTENTLESS_ACTION } from '../../core/engine/index.ts';
import { conversationTranscript } from '../../understanding/llm/conversation-transcript.ts';
import { renderPrompt } from '../../understanding/prompts/prompt-renderer.ts';

/** Rasa's defaults for the policy's models. */
export const DEFAULT_INTENTLESS_LLM: ModelConfig = { provider: 'openai', model: 'gpt-4o-2024-11-20', temperature: 0, maxTokens: 256, timeout: 5, extra: {} };
export const DEFAULT_INTENTLESS_EMBEDDINGS: ModelConfig = { provider: 'openai', model: 'text-embedding-ada-002', extra: {} };

/** Responses the prompt offers (Rasa's number). */
const RESPONSE_SAMPLES = 20;

/** Variables: `responses` (texts), `conversations` (sample transcripts; empty here), `current_conversation`. */
export const DEFAULT_INTENTLESS_PROMPT = `You are a helpful assistant talking with a user. Answer the user's latest message in the
conversation below. Prefer one of the example answers when one fits.

Example answers:
{% for response in responses %}- {{ response }}
{% endfor %}
{% for conversation in conversations %}Example conversation:
{{ conversation }}

{% endfor %}Conversation:
{{ current_conversation }}
AI:`;

export interface IntentlessOptions {
  readonly logger: Logger;
  readonly llm: LlmClient;
  readonly embeddings: EmbeddingClient;
  readonly template: string;
}

interface Candidate {
  readonly response: string;
  readonly text: string;
  readonly vector: readonly number[];
}

/** `runner` with `action_trigger_chitchat` answered by the IntentlessPolicy. */
export function withIntentlessPolicy(runner: ActionRunner, assistant: Assistant, options: IntentlessOptions): ActionRunner {
  let index: Promise<Candidate[]> | undefined;
  const candidates = () => (index ??= indexResponses(assistant, options.embeddings).catch((error: unknown) => {
    index = undefined; // a failed embedding call is tried again next time
    throw error;
  }));
  return {
    has: (name) => name === INTENTLESS_ACTION || runner.has(name),
    async run(call) {
      if (call.name !== INTENTLESS_ACTION) return runner.run(call);
      let chosen: string | undefined;
      try {
        chosen = await chooseResponse(call.state.events, await candidates(), options);
      } catch (error) {
        options.logger.warn({ reason: (error as Error).message }, 'IntentlessPolicy could not choose a response: utter_cannot_handle is sent');
      }
      const response = chosen ?? (assistant.domain.responses['utter_cannot_handle'] ? 'utter_cannot_handle' : undefined);
      const result: ActionResult = { events: [], responses: response ? [{ response }] : [] };
      return result;
    },
  };
}

/** The text variations of the domain responses no flow (or pattern) uses, with their embeddings. */
async function indexResponses(assistant: Assistant, embeddings: EmbeddingClient): Promise<Candidate[]> {
  const flowsJson = JSON.stringify(assistant.flows);
  const used = new Set([...flowsJson.matchAll(/"(utter_[^"]+)"/g)].map((m) => m[1]!));
  for (const m of flowsJson.matchAll(/"collect":"([^"]+)"/g)) used.add(`utter_ask_${m[1]}`);
  const texts = Object.entries(assistant.domain.responses).flatMap(([response, variations]) =>
    used.has(response) ? [] : variations.flatMap((v) => (v.text ? [{ response, text: v.text }] : [])),
  );
  if (texts.length === 0) return [];
  const vectors = await embeddings.embed(texts.map((t) => t.text));
  return texts.map((t, i) => ({ ...t, vector: vectors[i]! }));
}

async function chooseResponse(events: readonly Event[], candidates: readonly Candidate[], options: IntentlessOptions): Promise<string | undefined> {
  const at = events.findLastIndex((e) => e.event === 'user');
  const latest = events[at];
  // A payload (`/intent`) is no question to answer.
  if (candidates.length === 0 || latest?.event !== 'user' || !latest.text || latest.text.startsWith('/')) return undefined;
  const history = conversationTranscript(events.slice(0, at), latest.text);
  const [historyVector] = await options.embeddings.embed([history]);
  const examples = nearest(candidates, historyVector!, RESPONSE_SAMPLES).map((c) => c.text);
  const prompt = renderPrompt(options.template, { responses: [...new Set(examples)], conversations: [], current_conversation: history });
  const answer = (await options.llm.complete([{ role: 'user', content: prompt }])).text.trim();
  if (answer === '') return undefined;
  const [answerVector] = await options.embeddings.embed([answer]);
  return nearest(candidates, answerVector!, 1)[0]?.response;
}

function nearest(candidates: readonly Candidate[], vector: readonly number[], k: number): Candidate[] {
  return candidates
    .map((c) => ({ c, score: cosineSimilarity(c.vector, vector) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((s) => s.c);
}
