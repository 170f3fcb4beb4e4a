/**
 * A custom action that streams its answer, as one that relays LLM tokens would.
 *
 * In-process actions get `call.stream`:
 * - `stream.chunk(text)` appends text to the response being streamed;
 * - `stream.end(text?)` finishes it (the next `chunk` starts a new response); done for you on return.
 * Each streamed response is also delivered as a normal `{ text }` bot message after the stream, so
 * channels that do not stream see the same text: do not return it in `responses` again.
 * A2A `message/stream` carries the chunks as artifact updates, REST `?stream=true&chunks=true`
 * as `text_chunk` lines.
 */

export interface ActionCall {
  readonly sender_id: string;
  readonly tracker: { readonly slots: Readonly<Record<string, unknown>> };
  readonly stream: { chunk(text: string): void; end(text?: string): void };
}

export interface ActionOutput {
  readonly events: Record<string, unknown>[];
  readonly responses?: Record<string, unknown>[];
}

/** The pieces of the two streamed answers; the tests compare against them. */
export const FEES = ['Transfers are free. ', 'Cards cost $1 a month. ', 'Accounts have no fee.'];
export const FOLLOW_UP = ['Ask me ', 'about anything unclear.'];

/** Time between pieces, like tokens arriving from a model; long enough for a second subscriber to attach (STREAM_PAUSE_MS for one on another replica). */
const PAUSE_MS = Number(process.env.STREAM_PAUSE_MS ?? 40);
const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

export const actions: Record<string, (call: ActionCall) => Promise<ActionOutput>> = {
  async action_explain_fees({ stream }) {
    for (const piece of FEES) {
      stream.chunk(piece);
      await pause();
    }
    stream.end();
    const [first, ...rest] = FOLLOW_UP;
    stream.chunk(first ?? '');
    await pause();
    stream.end(rest.join(''));
    return { events: [{ event: 'slot', name: 'fees_explained', value: true }] };
  },
};

export default actions;
