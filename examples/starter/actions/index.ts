/**
 * Custom actions of the starter bank, run in-process (`action_endpoint: actions_module: actions`).
 *
 * Each action is an async function `(call) => { events, responses }`:
 * - `call.sender_id`: the conversation id;
 * - `call.tracker.slots`: current slot values by name;
 * - `call.domain`: the assistant's domain;
 * - `events`: Rasa action-server events, e.g. `{ event: 'slot', name: 'balance', value: 10 }`;
 * - `responses`: messages to send before the events apply, e.g. `{ text: '…' }` or
 *   `{ response: 'utter_x', buttons: [...], amount: 5 }` (extra keys are template variables; slots
 *   are those from before the action, as in Rasa);
 * - `call.stream.chunk(text)` / `call.stream.end(text?)`: stream a response while the action works
 *   (e.g. LLM tokens). Streaming channels (A2A `message/stream`, REST `?stream=true&chunks=true`)
 *   show the pieces at once; every channel then gets the whole text as a `{ text }` message, so do
 *   not return it in `responses` too. See test/streaming/project for an example.
 *
 * Accounts live in memory here; a real assistant would call the bank's API.
 */

export interface ActionCall {
  readonly sender_id: string;
  readonly tracker: { readonly slots: Readonly<Record<string, unknown>> };
  readonly domain: unknown;
  readonly stream: { chunk(text: string): void; end(text?: string): void };
}

export interface ActionOutput {
  readonly events: Record<string, unknown>[];
  readonly responses: Record<string, unknown>[];
}

export type Action = (call: ActionCall) => Promise<ActionOutput>;

const STARTING_BALANCE = 1000;
const balances = new Map<string, number>();
const contacts = new Map<string, { name: string; handle: string }[]>();

const balanceOf = (sender: string): number => balances.get(sender) ?? STARTING_BALANCE;
const slot = (name: string, value: unknown) => ({ event: 'slot', name, value });

export const actions: Record<string, Action> = {
  async action_check_balance({ sender_id }) {
    return { events: [slot('balance', balanceOf(sender_id))], responses: [] };
  },

  async action_execute_transfer({ sender_id, tracker }) {
    const amount = Number(tracker.slots.amount);
    const balance = balanceOf(sender_id);
    // The flow branches on `transfer_successful`, so a refused transfer is never reported as sent.
    if (!(amount > 0) || amount > balance) {
      return { events: [slot('balance', balance), slot('transfer_successful', false)], responses: [] };
    }
    balances.set(sender_id, balance - amount);
    return { events: [slot('balance', balance - amount), slot('transfer_successful', true)], responses: [] };
  },

  async action_add_contact({ sender_id, tracker }) {
    const list = contacts.get(sender_id) ?? [];
    list.push({ name: String(tracker.slots.contact_name), handle: String(tracker.slots.contact_handle) });
    contacts.set(sender_id, list);
    return { events: [], responses: [] };
  },

  async action_list_contacts({ sender_id }) {
    const list = contacts.get(sender_id) ?? [];
    const text = list.length === 0 ? 'You have no contacts yet.' : `Your contacts: ${list.map((c) => `${c.name} (${c.handle})`).join(', ')}.`;
    return { events: [], responses: [{ text }] };
  },
};

export default actions;
