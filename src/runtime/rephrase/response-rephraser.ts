/**
 * The Contextual Response Rephraser (`nlg: {type: rephrase}` in endpoints.yml): before a bot message
 * is sent, an LLM rewrites its text in the context of the conversation. Only text responses whose
 * metadata sets `rephrase: true` are rewritten (all of them with `rephrase_all`, unless one sets
 * `rephrase: false`); a response's `rephrase_prompt` replaces the prompt. Any LLM failure sends the
 * text as written. The message and its `bot` event get the same text, so the stored conversation
 * shows what the user saw.
 * @module
 */
import type { Logger } from 'pino';
import type { ModelConfig, RephraserConfig } from '../../core/assistant.ts';
import type { BotMessage, Event } from '../../core/events.ts';
import type { Transition } from '../../core/turn.ts';
import type { LlmClient } from '../../ports/llm-client.ts';
import { renderPrompt } from '../../understanding/prompts/prompt-renderer.ts';

export interface ResponseRephraser {
  /** The transition with its rephrasable messages (and their `bot` events) rewritten; never rejects. */
  rephrase(transition: Transition): Promise<Transition>;
}

export interface RephraserOptions {
  readonly config: RephraserConfig;
  readonly llm: LlmClient;
  /** The prompt template (`nlg.prompt`'s file, or `DEFAULT_REPHRASE_PROMPT`). */
  readonly template: string;
  readonly logger: Logger;
}

/** The rephraser's model when `nlg.llm` names none (Rasa's defaults). */
export const DEFAULT_REPHRASER_LLM: ModelConfig = { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.3, maxTokens: 256, timeout: 5, extra: {} };

/** The prompt's variables: `history`, `current_input` (`USER: …` when the user spoke last, else empty), `suggested_response`, `slots`. */
export const DEFAULT_REPHRASE_PROMPT = `You are the voice of a friendly, helpful assistant in a conversation with a user.
Rewrite the assistant's planned reply so that it reads naturally after what was said, without
changing what it means or adding information. Keep it short and in plain language.

The conversation so far:
{{history}}

{{current_input}}

Planned reply: {{suggested_response}}

Rewritten reply:`;

const SUMMARY_PROMPT = `Summarize this conversation between a user and an assistant in a few sentences,
keeping the facts the user gave and what they want.

{{conversation}}

Summary:`;

export function createResponseRephraser(options: RephraserOptions): ResponseRephraser {
  const { config, llm, logger } = options;
  const wanted = (message: BotMessage): message is BotMessage & { text: string } =>
    typeof message.text === 'string' && message.text.trim() !== '' && Boolean(message.metadata?.['rephrase'] ?? config.rephraseAll);

  async function history(events: readonly Event[], end: number): Promise<string> {
    const transcript = readableTranscript(events, end, config.maxHistoricalTurns);
    if (!config.summarizeHistory || transcript === '') return transcript;
    return (await llm.complete([{ role: 'user', content: renderPrompt(SUMMARY_PROMPT, { conversation: transcript }) }])).text.trim();
  }

  async function rephraseText(message: BotMessage & { text: string }, events: readonly Event[], end: number, slots: Readonly<Record<string, unknown>>): Promise<string | undefined> {
    const own = message.metadata?.['rephrase_prompt'];
    const template = typeof own === 'string' && own.trim() !== '' ? own : options.template;
    const latest = latestUserText(events, end);
    const started = performance.now();
    try {
      const prompt = renderPrompt(template, {
        history: await history(events, end),
        current_input: latest === undefined ? '' : `USER: ${latest}`,
        suggested_response: message.text,
        slots,
      });
      const text = (await llm.complete([{ role: 'user', content: prompt }])).text.trim();
      return text === '' ? undefined : text;
    } catch (error) {
      logger.warn({ response: message.utter_action, ms: Math.round(performance.now() - started), reason: (error as Error).message }, 'rephrasing failed: the response is sent as written');
      return undefined;
    }
  }

  return {
    async rephrase(transition) {
      if (!transition.messages.some(wanted)) return transition;
      const { state } = transition;
      const first = state.events.length - transition.events.length;
      const events = [...state.events];
      const messages = [...transition.messages];
      let rephrased = false;
      // Each `say` appended one bot event and one message, in the same order.
      let next = 0;
      for (let i = first; i < events.length; i++) {
        const event = events[i]!;
        if (event.event !== 'bot') continue;
        const index = next++;
        const message = messages[index];
        if (!message || !wanted(message)) continue;
        const text = await rephraseText(message, events, i, state.slots);
        if (text === undefined) continue;
        messages[index] = { ...message, text };
        // As in Rasa: the generative-response assertions of e2e tests judge it against the template.
        events[i] = { ...event, text, metadata: { ...event.metadata, utter_source: 'ContextualResponseRephraser', domain_ground_truth: [message.text] } };
        rephrased = true;
      }
      if (!rephrased) return transition;
      return { ...transition, messages, events: events.slice(first), state: { ...state, events } };
    },
  };
}

/** `USER: …` / `AI: …` lines of the last `max` messages before `end`. */
function readableTranscript(events: readonly Event[], end: number, max: number): string {
  const lines: string[] = [];
  for (let i = end - 1; i >= 0 && lines.length < max; i--) {
    const event = events[i]!;
    if (event.event === 'restart') break;
    if (event.event === 'user' && event.text) lines.push(`USER: ${event.text}`);
    else if (event.event === 'bot' && event.text) lines.push(`AI: ${event.text}`);
  }
  return lines.reverse().join('\n');
}

/** The user's message when it is the latest message before `end` (not when the assistant spoke since). */
function latestUserText(events: readonly Event[], end: number): string | undefined {
  for (let i = end - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.event === 'user') return event.text ?? undefined;
    if (event.event === 'bot') return undefined;
  }
  return undefined;
}
