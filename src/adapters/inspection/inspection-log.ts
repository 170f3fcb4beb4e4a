/**
 * The turns `colloquy inspect` shows in detail: a runtime observer that records each turn's phases,
 * and a wrapper that records the LLM calls made inside it (matched to the turn through
 * AsyncLocalStorage, since an LLM client does not know whose turn it serves). In memory, bounded:
 * the latest 200 turns of the latest 200 conversations; prompts and completions cut to a readable
 * size and kept for the latest 20 turns only.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConversationState } from '../../core/state.ts';
import type { LlmClient, LlmCompletion, LlmMessage } from '../../ports/llm-client.ts';
import type { PhaseInfo, PhaseOutcome, RuntimeObserver } from '../../ports/runtime-observer.ts';
import type { InspectedLlmCall, InspectedStep, InspectedTurn, TurnInspection } from '../../ports/turn-inspection.ts';

const MAX_CONVERSATIONS = 200;
const MAX_TURNS = 200;
/** Prompts and completions are kept for this many latest turns of a conversation (they are large). */
const TURNS_WITH_LLM_TEXT = 20;
const MAX_PROMPT_CHARS = 20_000;
const MAX_COMPLETION_CHARS = 5_000;
const DROPPED = '(not kept: older than the latest 20 turns)';

interface OpenTurn {
  readonly senderId: string;
  readonly started: number;
  readonly startedAt: number;
  readonly channel?: string;
  readonly steps: InspectedStep[];
  readonly llmCalls: InspectedLlmCall[];
  events?: readonly [number, number];
  depth: number;
}

export class InspectionLog implements RuntimeObserver, TurnInspection {
  readonly #turns = new Map<string, InspectedTurn[]>();
  readonly #current = new AsyncLocalStorage<OpenTurn>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  async phase<T>(info: PhaseInfo, work: () => Promise<T>, outcome?: (result: T) => PhaseOutcome): Promise<T> {
    const open = this.#current.getStore();
    if (info.phase === 'turn' || !open) {
      if (info.phase !== 'turn') return work();
      const turn: OpenTurn = { senderId: info.senderId, started: this.#now(), startedAt: Date.now() / 1000, ...(info.channel ? { channel: info.channel } : {}), steps: [], llmCalls: [], depth: 0 };
      return this.#current.run(turn, () => this.#timed(work, outcome, (durationMs, result) => this.#close(turn, durationMs, result)));
    }
    open.depth++;
    const offsetMs = this.#now() - open.started;
    const depth = open.depth;
    try {
      return await this.#timed(work, outcome, (durationMs, result) => {
        open.steps.push({ phase: info.phase as InspectedStep['phase'], ...(info.name ? { name: info.name } : {}), depth, offsetMs: round(offsetMs), durationMs: round(durationMs), outcome: result });
      });
    } finally {
      open.depth--;
    }
  }

  saved(state: ConversationState, fromIndex: number): void {
    const open = this.#current.getStore();
    if (open && open.senderId === state.sender_id) open.events = [fromIndex, state.events.length - 1];
  }

  turns(senderId: string): readonly InspectedTurn[] {
    return this.#turns.get(senderId) ?? [];
  }

  /** Records the LLM calls `client` makes inside a turn. */
  observeLlm(client: LlmClient, model: string): LlmClient {
    return {
      complete: async (messages, options) => {
        const open = this.#current.getStore();
        if (!open) return client.complete(messages, options);
        const started = this.#now();
        try {
          const completion = await client.complete(messages, options);
          open.llmCalls.push(llmCall(model, messages, completion));
          return completion;
        } catch (error) {
          open.llmCalls.push({ model, prompt: promptText(messages), error: error instanceof Error ? error.message : String(error), latencyMs: round(this.#now() - started) });
          throw error;
        }
      },
    };
  }

  async #timed<T>(work: () => Promise<T>, outcome: ((result: T) => PhaseOutcome) | undefined, done: (durationMs: number, outcome: PhaseOutcome) => void): Promise<T> {
    const started = this.#now();
    try {
      const result = await work();
      done(this.#now() - started, outcome ? outcome(result) : 'ok');
      return result;
    } catch (error) {
      done(this.#now() - started, 'error');
      throw error;
    }
  }

  #close(turn: OpenTurn, durationMs: number, outcome: PhaseOutcome): void {
    const list = this.#turns.get(turn.senderId) ?? [];
    // Map order is insertion order: re-inserting keeps the latest conversations at the end.
    this.#turns.delete(turn.senderId);
    this.#turns.set(turn.senderId, list);
    list.push({
      startedAt: turn.startedAt,
      ...(turn.channel ? { channel: turn.channel } : {}),
      durationMs: round(durationMs),
      outcome,
      ...(turn.events ? { events: turn.events } : {}),
      steps: turn.steps.sort((a, b) => a.offsetMs - b.offsetMs),
      llmCalls: turn.llmCalls,
    });
    if (list.length > MAX_TURNS) list.splice(0, list.length - MAX_TURNS);
    // Bounded memory: at most 200 × 20 turns hold prompt text (≈ 100 MB in the worst case).
    const older = list[list.length - 1 - TURNS_WITH_LLM_TEXT];
    if (older && older.llmCalls.some((call) => call.prompt !== DROPPED)) {
      list[list.length - 1 - TURNS_WITH_LLM_TEXT] = { ...older, llmCalls: older.llmCalls.map(({ completion: _completion, ...call }) => ({ ...call, prompt: DROPPED })) };
    }
    if (this.#turns.size > MAX_CONVERSATIONS) this.#turns.delete(this.#turns.keys().next().value as string);
  }
}

function llmCall(model: string, messages: readonly LlmMessage[], completion: LlmCompletion): InspectedLlmCall {
  return {
    model: completion.model || model,
    prompt: promptText(messages),
    completion: cut(completion.text, MAX_COMPLETION_CHARS),
    latencyMs: round(completion.latencyMs),
    ...(completion.usage ? { inputTokens: completion.usage.inputTokens, outputTokens: completion.usage.outputTokens } : {}),
  };
}

function promptText(messages: readonly LlmMessage[]): string {
  return cut(messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n'), MAX_PROMPT_CHARS);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
