// colloquy inspector: a chat over the REST channel beside live views of any conversation's tracker
// (`GET /conversations/{id}/tracker`, polled): the flow diagram, stack, slots, commands, events, and
// the state at any earlier turn. Everything from the server is shown with textContent, never as HTML.
import { flowDiagram } from './flow-diagram.js';
import { replay, turnsOf } from './replay.js';
import { startVoiceCall } from './voice-call.js';

/** The server root: this module lives at `/inspect/inspector.js`. */
const SERVER_ROOT = new URL('../', import.meta.url);
const POLL_MS = 1500;
const MAX_EVENTS_SHOWN = 500;
const MAX_MESSAGES_SHOWN = 400;
const CREDENTIAL_KEY = 'colloquy-inspector-credential';
/**
 * The HTTP API credential: `?token=` (an `--auth-token`), `?jwt=` (a token signed with
 * `--jwt-secret`), or what the user typed; kept for this tab only.
 */
let credential = (() => {
  const query = new URLSearchParams(window.location.search);
  const given = query.get('jwt') ?? query.get('token');
  if (given) sessionStorage.setItem(CREDENTIAL_KEY, given);
  return sessionStorage.getItem(CREDENTIAL_KEY) ?? '';
})();

const ui = {
  conversationId: byId('conversation-id'),
  picker: /** @type {HTMLFormElement} */ (byId('picker')),
  pickerInput: /** @type {HTMLInputElement} */ (byId('picker-input')),
  pickerList: byId('conversation-list'),
  credentialForm: /** @type {HTMLFormElement} */ (byId('credential-form')),
  credentialInput: /** @type {HTMLInputElement} */ (byId('credential-input')),
  flowSelect: /** @type {HTMLSelectElement} */ (byId('flow-select')),
  diagram: byId('diagram'),
  turns: byId('turns'),
  timeTravel: byId('time-travel'),
  backToLive: byId('back-to-live'),
  viewedTurn: byId('viewed-turn'),
  turnDetails: byId('turn-details'),
  turnDetailsHint: byId('turn-details-hint'),
  diagramTitle: byId('diagram-flow'),
  status: byId('status'),
  messages: byId('messages'),
  composer: byId('composer'),
  input: byId('message-input'),
  send: byId('send'),
  talk: byId('talk'),
  refresh: byId('refresh'),
  newConversation: byId('new-conversation'),
  stack: byId('stack'),
  slots: /** @type {HTMLTableSectionElement} */ (byId('slots').querySelector('tbody')),
  slotsSetOnly: /** @type {HTMLInputElement} */ (byId('slots-set-only')),
  commands: byId('commands'),
  eventFilter: /** @type {HTMLInputElement} */ (byId('event-filter')),
  eventType: /** @type {HTMLSelectElement} */ (byId('event-type')),
  eventCount: byId('event-count'),
  events: byId('events'),
};

let conversationId = newConversationId();
let busy = false;
/** The latest tracker JSON, re-rendered when a filter changes. */
let tracker = null;
/** Flows of the assistant (`GET /flows`), by id. */
let flows = new Map();
/** The flow the user picked in the diagram's list; null follows the conversation. */
let pickedFlow = null;
/** The turn (index into `turnsOf`) being looked at, or null for the live state. */
let viewedTurn = null;
/** Turns recorded in detail by `colloquy inspect` (`GET …/inspection`); null where the server has none. */
let inspected = null;
/** The command generators of the pipeline, in the order they are asked. */
let generators = [];
/** The running voice call (`startVoiceCall`), or null. */
let call = null;
/** Event indexes whose details the user opened; kept across re-renders. */
const openEvents = new Set();

// ---------------------------------------------------------------- DOM helpers

function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`inspector page lacks #${id}`);
  return element;
}

/** Creates an element; string children become text nodes, so text is never parsed as HTML. */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') element.className = value;
    else element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

function formatValue(value) {
  return value === undefined ? '—' : JSON.stringify(value);
}

function showStatus(text, kind = 'info') {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
}

// ---------------------------------------------------------------- server calls

function newConversationId() {
  // getRandomValues, unlike randomUUID, also works on plain http from another host.
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `inspect-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function serverUrl(path, query = {}) {
  const url = new URL(path, SERVER_ROOT);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

async function errorText(response) {
  try {
    const body = await response.json();
    return body.message ?? body.reason ?? JSON.stringify(body);
  } catch {
    return response.statusText;
  }
}

/** A call to the HTTP API with the credential: a JWT as a bearer header, an auth token as `?token=`. */
function apiFetch(path, query = {}) {
  const isJwt = credential.split('.').length === 3;
  const url = serverUrl(path, { ...query, ...(credential && !isJwt ? { token: credential } : {}) });
  return fetch(url, isJwt ? { headers: { authorization: `Bearer ${credential}` } } : {});
}

async function apiJson(path, query = {}) {
  const response = await apiFetch(path, query);
  if (response.status === 401 || response.status === 403) {
    throw new Error('the HTTP API refused the inspector: enter the auth token or a JWT above, or open it with ?token=<auth token> (as `colloquy inspect` prints it)');
  }
  if (response.status === 404 && path === 'conversations') throw new Error('the server does not serve the HTTP API: start it with `colloquy inspect` or `colloquy run --enable-api`');
  if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}: ${await errorText(response)}`);
  return response.json();
}

async function postMessage(text, shownAs) {
  const metadata = shownAs !== text ? { inspector_title: shownAs } : undefined;
  const response = await fetch(serverUrl('webhooks/rest/webhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender: conversationId, message: text, ...(metadata ? { metadata } : {}) }),
  });
  if (!response.ok) throw new Error(`the assistant answered HTTP ${response.status}: ${await errorText(response)}`);
  return response.json();
}

function fetchTracker(id) {
  return apiJson(`conversations/${encodeURIComponent(id)}/tracker`, { include_events: 'ALL' });
}

/** The recorded turns; null when the server records none (`colloquy run --enable-api`). */
async function fetchInspection(id) {
  const response = await apiFetch(`conversations/${encodeURIComponent(id)}/inspection`);
  if (!response.ok) return null;
  const body = await response.json();
  generators = Array.isArray(body.command_generators) ? body.command_generators : [];
  return body.turns ?? null;
}

// ---------------------------------------------------------------- chat

async function send(text, shownAs = text) {
  if (busy || text.trim() === '') return;
  setBusy(true);
  ui.messages.append(el('li', { class: 'message user' }, el('p', { class: 'text' }, shownAs)));
  const pending = el('li', { class: 'message bot pending', 'aria-label': 'The assistant is replying' }, el('p', { class: 'text' }, '…'));
  ui.messages.append(pending);
  scrollChat();
  try {
    const replies = await postMessage(text, shownAs);
    pending.remove();
    if (replies.length === 0) ui.messages.append(el('li', { class: 'message note' }, 'no reply'));
    showStatus('');
  } catch (error) {
    pending.remove();
    showStatus(`Could not send: ${error.message}`, 'error');
  } finally {
    setBusy(false);
  }
  await refreshTracker();
}

function setBusy(value) {
  busy = value;
  ui.send.disabled = value;
  ui.messages.setAttribute('aria-busy', String(value));
}

function scrollChat() {
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

/** The transcript from the event log, so any conversation (REST, socket.io, A2A, voice) reads the same. */
function renderChat(events, live) {
  const items = [];
  const messages = events.filter((event) => event.event === 'user' || event.event === 'bot');
  const hidden = Math.max(0, messages.length - MAX_MESSAGES_SHOWN);
  if (hidden > 0) items.push(el('li', { class: 'message note' }, `${hidden} earlier messages (see Turns)`));
  for (const event of messages.slice(hidden)) {
    if (event.event === 'user') items.push(el('li', { class: 'message user' }, el('p', { class: 'text' }, shownUserText(event))));
    else if (event.event === 'bot') items.push(botMessage({ text: event.text ?? undefined, ...(event.data ?? {}) }, event.metadata));
  }
  // Only the latest answer's buttons can still be pressed, and only while looking at the live state.
  items.forEach((item, index) => {
    const stale = !live || index !== items.length - 1;
    if (stale) for (const button of item.querySelectorAll('.buttons button')) button.disabled = true;
  });
  const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 40;
  ui.messages.replaceChildren(...items);
  if (atBottom || live) scrollChat();
}

/** A button press shows the button's title, as the chat showed it. */
function shownUserText(event) {
  const text = String(event.text ?? '');
  const title = event.metadata?.inspector_title;
  return typeof title === 'string' ? title : text;
}

function botMessage(reply, metadata) {
  const item = el('li', { class: 'message bot' });
  if (typeof reply.text === 'string') item.append(el('p', { class: 'text' }, reply.text));
  const latency = voiceLatency(metadata);
  if (latency) item.append(el('p', { class: 'latency', 'aria-label': 'voice latency' }, latency));
  if (metadata?.interrupted === true) item.append(el('p', { class: 'latency' }, 'interrupted by the caller'));
  const image = safeImageUrl(reply.image);
  if (image) item.append(el('img', { src: image, alt: 'image sent by the assistant', loading: 'lazy' }));
  if (Array.isArray(reply.buttons) && reply.buttons.length > 0) {
    const group = el('div', { class: 'buttons', role: 'group', 'aria-label': 'Choices' });
    for (const button of reply.buttons) {
      const title = String(button.title ?? button.payload ?? '');
      const payload = String(button.payload ?? button.title ?? '');
      const element = el('button', { type: 'button', title: payload }, title);
      element.addEventListener('click', () => void send(payload, title));
      group.append(element);
    }
    item.append(group);
  }
  for (const key of ['custom', 'attachment']) {
    if (reply[key] !== undefined) item.append(el('pre', { class: 'custom', 'aria-label': key }, JSON.stringify(reply[key], null, 2)));
  }
  return item;
}

/** A voice message's latencies (recorded by the voice channels on the bot event), e.g. "response 180 ms · …". */
function voiceLatency(metadata) {
  const latency = metadata?.latency;
  if (typeof latency !== 'object' || latency === null) return undefined;
  const parts = [
    ['response', latency.response_latency_ms],
    ['processing', latency.processing_latency_ms],
    ['TTS first byte', latency.tts_first_byte_latency_ms],
    ['TTS complete', latency.tts_complete_latency_ms],
    ['ASR', latency.asr_latency_ms],
  ].filter(([, ms]) => typeof ms === 'number');
  return parts.length > 0 ? parts.map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(' · ') : undefined;
}

/** Only http(s) and data images: a `javascript:` or other scheme from a message is dropped. */
function safeImageUrl(value) {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value, window.location.href);
    return ['http:', 'https:', 'data:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- debug panes

async function refreshTracker() {
  const id = conversationId;
  try {
    const latest = await fetchTracker(id);
    if (id !== conversationId) return; // another conversation was opened meanwhile
    const changed = !tracker || (tracker.events ?? []).length !== (latest.events ?? []).length;
    if (changed) inspected = await fetchInspection(id);
    if (id !== conversationId) return;
    tracker = latest;
    if (changed) renderTracker();
    if (ui.status.dataset.kind === 'error') showStatus('');
  } catch (error) {
    showStatus(`Could not load the tracker: ${error.message}`, 'error');
  }
}

function renderTracker() {
  if (!tracker) return;
  const events = tracker.events ?? [];
  const turns = turnsOf(events);
  if (viewedTurn !== null && viewedTurn >= turns.length) viewedTurn = null;
  const live = viewedTurn === null;
  const upTo = live ? events.length - 1 : turns[viewedTurn].end;
  const shownEvents = events.slice(0, upTo + 1);
  const state = replay(events, upTo, initialSlots(events));
  ui.timeTravel.hidden = live;
  if (!live) ui.viewedTurn.textContent = `turn ${viewedTurn + 1} of ${turns.length}: “${turns[viewedTurn].text}”`;
  renderChat(shownEvents, live);
  renderTurns(turns);
  const stack = live ? (tracker.stack ?? []) : state.stack;
  renderStack(stack);
  renderDiagram(stack, state.visited);
  renderSlots(live ? (tracker.slots ?? {}) : state.slots, slotsChangedInLastTurn(shownEvents));
  renderCommands(live ? (tracker.latest_message ?? {}) : (events[turns[viewedTurn].start].parse_data ?? {}));
  renderTurnDetails(turns[live ? turns.length - 1 : viewedTurn]);
  renderEvents(shownEvents);
}

/** Slot values before any `slot` event: the current value of a slot nothing ever set, else null. */
function initialSlots(events) {
  const everSet = new Set(events.flatMap((event) => (event.event === 'slot' ? [event.name] : [])));
  return Object.fromEntries(Object.entries(tracker.slots ?? {}).map(([name, value]) => [name, everSet.has(name) ? null : (value ?? null)]));
}

/** What the server recorded of a turn: its phases (understanding, actions, tools, agents) and LLM calls. */
function renderTurnDetails(turn) {
  ui.turnDetailsHint.textContent = turn ? `for “${turn.text}”` : '';
  if (inspected === null) {
    ui.turnDetails.replaceChildren(el('p', { class: 'empty' }, 'Recorded by `colloquy inspect` only.'));
    return;
  }
  const record = turn && inspected.find((t) => Array.isArray(t.events) && t.events[0] <= turn.start && turn.start <= t.events[1]);
  if (!record) {
    ui.turnDetails.replaceChildren(el('p', { class: 'empty' }, turn ? 'Not recorded (before this server started, or on another replica).' : 'No turns yet.'));
    return;
  }
  const head = el('p', { class: 'turn-head' }, `${record.channel ?? 'no channel'} · ${record.durationMs} ms · ${record.outcome}`);
  const understoodBy = generators.length > 0 ? el('p', { class: 'generators' }, `Understood by ${generators.join(', then ')}`) : null;
  const steps = el(
    'ol',
    { class: 'steps' },
    record.steps.map((step) =>
      el('li', { class: `step step-${step.phase} outcome-${step.outcome} depth-${Math.min(step.depth, 4)}` }, el('span', { class: 'badge' }, step.phase), ' ', step.name ?? '', el('span', { class: 'step-time' }, ` ${step.durationMs} ms${step.outcome === 'error' ? ' · failed' : ''}`)),
    ),
  );
  const calls = record.llmCalls.map((call) =>
    el(
      'div',
      { class: 'llm-call' },
      el('p', {}, el('strong', {}, 'LLM '), llmUsage({ model: call.model, latency_ms: call.latencyMs, input_tokens: call.inputTokens, output_tokens: call.outputTokens }), call.error ? el('span', { class: 'error' }, ` · ${call.error}`) : null),
      el('details', {}, el('summary', {}, 'prompt'), el('pre', {}, call.prompt)),
      call.completion !== undefined ? el('details', {}, el('summary', {}, 'completion'), el('pre', {}, call.completion)) : null,
    ),
  );
  ui.turnDetails.replaceChildren(head, ...(understoodBy ? [understoodBy] : []), steps, ...calls);
}

function renderTurns(turns) {
  const items = turns.map((turn, index) => {
    const button = el('button', { type: 'button', class: index === viewedTurn ? 'turn viewed' : 'turn', 'aria-pressed': String(index === viewedTurn) }, el('span', { class: 'turn-index' }, `${index + 1}`), ' ', turn.text);
    button.addEventListener('click', () => {
      viewedTurn = index;
      renderTracker();
    });
    return el('li', {}, button);
  });
  ui.turns.replaceChildren(...items);
  if (items.length === 0) ui.turns.append(el('li', { class: 'empty' }, 'No turns yet.'));
}

/** The flow the diagram shows: the one picked, else the top user flow of the stack, else the top frame's. */
function renderDiagram(stack, visited) {
  const frames = [...stack].reverse();
  const followed = frames.find((frame) => frame.type === 'flow') ?? frames.find((frame) => frame.flow_id);
  const flowId = pickedFlow ?? followed?.flow_id ?? null;
  if (flows.size > 0 && ui.flowSelect.value !== (pickedFlow ?? '')) ui.flowSelect.value = pickedFlow ?? '';
  const flow = flowId ? flows.get(flowId) : undefined;
  if (!flow) {
    ui.diagram.replaceChildren(el('p', { class: 'empty' }, flowId ? `Flow ${flowId} is not among the assistant's flows.` : 'No active flow: pick one to see its diagram.'));
    return;
  }
  const frame = frames.find((f) => f.flow_id === flow.id);
  const current = frame ? String(frame.step_id).replace(/^NEXT:/, '') : undefined;
  ui.diagramTitle.textContent = flow.id;
  ui.diagram.replaceChildren(flowDiagram(flow, current, visited.get(flow.id) ?? new Set()));
}

async function loadFlows() {
  try {
    const list = await apiJson('flows');
    flows = new Map(list.map((flow) => [flow.id, flow]));
    const ids = [...flows.keys()].sort((a, b) => Number(a.startsWith('pattern_')) - Number(b.startsWith('pattern_')) || a.localeCompare(b));
    ui.flowSelect.replaceChildren(el('option', { value: '' }, 'follow the conversation'), ...ids.map((id) => el('option', { value: id }, id)));
    renderTracker();
  } catch (error) {
    showStatus(`Could not load the flows: ${error.message}`, 'error');
  }
}

async function loadConversationList() {
  try {
    const conversations = await apiJson('conversations', { details: 'true' });
    ui.pickerList.replaceChildren(
      ...conversations.map((c) => el('option', { value: c.sender_id, label: [c.latest_input_channel ?? 'no channel', c.latest_event_time ? new Date(c.latest_event_time * 1000).toLocaleString() : 'no activity'].join(' · ') })),
    );
  } catch (error) {
    showStatus(`Could not list conversations: ${error.message}`, 'error');
  }
}

function renderStack(stack) {
  const frames = [...stack].reverse();
  ui.stack.replaceChildren(
    ...frames.map((frame, position) => frameItem(frame, position === 0)),
  );
  if (frames.length === 0) ui.stack.append(el('li', { class: 'empty' }, 'The stack is empty.'));
}

function frameItem(frame, isTop) {
  const kind = frame.type ?? 'frame';
  const title = kind === 'agent' ? frame.agent_id : frame.flow_id;
  const details = [];
  if (frame.step_id !== undefined) details.push(['step', frame.step_id]);
  if (kind === 'flow') details.push(['frame type', frame.frame_type]);
  if (kind === 'agent') details.push(['state', frame.state], ['called by', `${frame.flow_id} · ${frame.step_id}`]);
  const item = el(
    'li',
    { class: `frame frame-${kind}` },
    el('div', { class: 'frame-head' }, el('span', { class: `badge badge-${kind}` }, kind), ' ', el('strong', {}, title ?? '(search)'), isTop ? el('span', { class: 'top-marker' }, 'top') : null),
    el('dl', {}, details.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, String(value))])),
  );
  if (kind === 'pattern' && frame.context && Object.keys(frame.context).length > 0) {
    item.append(
      el('dl', { class: 'context', 'aria-label': 'pattern context' }, Object.entries(frame.context).flatMap(([name, value]) => [el('dt', {}, `context.${name}`), el('dd', {}, formatValue(value))])),
    );
  }
  if (kind === 'agent' && frame.metadata && Object.keys(frame.metadata).length > 0) {
    item.append(el('details', {}, el('summary', {}, 'agent metadata'), el('pre', {}, JSON.stringify(frame.metadata, null, 2))));
  }
  return item;
}

/** Slots that `slot` events set since the latest user message (all of them before the first one). */
function slotsChangedInLastTurn(events) {
  const lastUser = events.findLastIndex((event) => event.event === 'user');
  return new Set(events.slice(lastUser + 1).filter((event) => event.event === 'slot').map((event) => event.name));
}

function renderSlots(slots, changed) {
  const rows = Object.entries(slots)
    .filter(([name, value]) => !ui.slotsSetOnly.checked || value !== null || changed.has(name))
    .sort(([a], [b]) => Number(changed.has(b)) - Number(changed.has(a)) || a.localeCompare(b))
    .map(([name, value]) =>
      el(
        'tr',
        { class: changed.has(name) ? 'changed' : '', 'data-slot': name },
        el('th', { scope: 'row' }, name, changed.has(name) ? el('span', { class: 'changed-marker' }, 'changed') : null),
        el('td', { class: value === null ? 'null' : '' }, valueView(value)),
      ),
    );
  ui.slots.replaceChildren(...rows);
  if (rows.length === 0) ui.slots.append(el('tr', {}, el('td', { colspan: '2', class: 'empty' }, 'No slots to show.')));
}

/** Scalars inline; objects and lists folded, so a big one (e.g. `flow_hashes`) does not flood the table. */
function valueView(value) {
  if (value === null || typeof value !== 'object') return formatValue(value);
  const size = Array.isArray(value) ? `[${value.length} items]` : `{${Object.keys(value).length} keys}`;
  return el('details', {}, el('summary', {}, size), el('pre', {}, JSON.stringify(value, null, 2)));
}

function renderCommands(latest) {
  const commands = Array.isArray(latest.commands) ? latest.commands : [];
  const parts = [];
  if (latest.text !== null && latest.text !== undefined) parts.push(el('p', { class: 'for-message' }, 'For the message ', el('q', {}, String(latest.text))));
  parts.push(
    commands.length > 0
      ? el('ol', { class: 'command-list' }, commands.map((command) => el('li', {}, el('code', { class: 'command-name' }, command.command), ' ', commandArguments(command))))
      : el('p', { class: 'empty' }, latest.text === null || latest.text === undefined ? 'No user message yet.' : 'No commands.'),
  );
  const facts = [];
  if (latest.intent?.name) facts.push(['intent', `${latest.intent.name}${latest.intent.confidence !== undefined ? ` (${latest.intent.confidence})` : ''}`]);
  if (Array.isArray(latest.flows_in_prompt)) facts.push(['flows in prompt', latest.flows_in_prompt.join(', ') || '(none)']);
  if (Array.isArray(latest.flows_from_semantic_search)) facts.push(['flows from search', latest.flows_from_semantic_search.join(', ') || '(none)']);
  if (latest.llm && typeof latest.llm === 'object') facts.push(['LLM', llmUsage(latest.llm)]);
  if (latest.llm_error) facts.push(['LLM error', String(latest.llm_error)]);
  if (facts.length > 0) parts.push(el('dl', { class: 'facts' }, facts.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)])));
  ui.commands.replaceChildren(...parts);
}

function commandArguments(command) {
  if (command.command === 'start flow') return command.flow;
  if (command.command === 'set slot') return `${command.name} = ${formatValue(command.value)}${command.extractor ? ` (${command.extractor})` : ''}`;
  const rest = Object.entries(command).filter(([name]) => name !== 'command');
  return rest.map(([name, value]) => `${name}: ${formatValue(value)}`).join(', ');
}

function llmUsage(llm) {
  const parts = [llm.model, llm.latency_ms !== undefined ? `${llm.latency_ms} ms` : undefined];
  if (llm.input_tokens !== undefined || llm.output_tokens !== undefined) parts.push(`${llm.input_tokens ?? '?'} in / ${llm.output_tokens ?? '?'} out tokens`);
  return parts.filter(Boolean).join(' · ');
}

function renderEvents(events) {
  const types = [...new Set(events.map((event) => event.event))].sort();
  const selected = ui.eventType.value;
  ui.eventType.replaceChildren(el('option', { value: '' }, 'all'), ...types.map((type) => el('option', { value: type }, type)));
  ui.eventType.value = types.includes(selected) ? selected : '';

  const needle = ui.eventFilter.value.trim().toLowerCase();
  const shown = events
    .map((event, index) => ({ event, index, summary: eventSummary(event) }))
    .filter(({ event }) => !ui.eventType.value || event.event === ui.eventType.value)
    .filter(({ event, summary }) => !needle || `${event.event} ${summary}`.toLowerCase().includes(needle))
    .reverse();
  // The newest ones only: a long conversation has tens of thousands (the filter finds older ones).
  ui.events.replaceChildren(...shown.slice(0, MAX_EVENTS_SHOWN).map(eventItem));
  if (shown.length > MAX_EVENTS_SHOWN) ui.events.append(el('li', { class: 'empty' }, `${shown.length - MAX_EVENTS_SHOWN} older events: filter to find them.`));
  ui.eventCount.textContent = shown.length === events.length ? `${events.length}` : `${shown.length} of ${events.length}`;
  if (shown.length === 0) ui.events.append(el('li', { class: 'empty' }, events.length === 0 ? 'No events yet.' : 'No event matches the filter.'));
}

function eventItem({ event, index, summary }) {
  const details = el(
    'details',
    {},
    el(
      'summary',
      {},
      el('span', { class: 'event-index' }, `#${index + 1}`),
      el('span', { class: `event-type type-${event.event}` }, event.event),
      el('span', { class: 'event-summary' }, summary),
      typeof event.timestamp === 'number' ? el('time', { datetime: new Date(event.timestamp * 1000).toISOString() }, new Date(event.timestamp * 1000).toLocaleTimeString()) : null,
    ),
  );
  // The JSON is written when first opened: most events never are.
  const showJson = () => {
    if (!details.querySelector('pre')) details.append(el('pre', {}, JSON.stringify(event, null, 2)));
  };
  if (openEvents.has(index)) {
    showJson();
    details.open = true;
  }
  details.addEventListener('toggle', () => {
    if (details.open) {
      showJson();
      openEvents.add(index);
    } else openEvents.delete(index);
  });
  return el('li', { class: 'event' }, details);
}

function eventSummary(event) {
  switch (event.event) {
    case 'user':
      return JSON.stringify(event.text ?? '');
    case 'bot':
      return event.text ?? (event.metadata?.utter_action ? String(event.metadata.utter_action) : '');
    case 'action':
    case 'followup':
    case 'action_execution_rejected':
      return event.name ?? '';
    case 'slot':
      return `${event.name} = ${formatValue(event.value)}`;
    case 'stack':
      return stackPatchSummary(event.update);
    case 'session_ended':
    case 'agent_cancelled':
      return [event.agent_id, event.flow_id, event.reason].filter(Boolean).join(' · ');
    default:
      return [event.agent_id, event.flow_id, event.step_id].filter(Boolean).join(' · ');
  }
}

function stackPatchSummary(update) {
  try {
    const operations = JSON.parse(update);
    return operations.map((operation) => `${operation.op} ${operation.path}${typeof operation.value === 'string' ? ` ${operation.value}` : operation.value?.flow_id ? ` ${operation.value.flow_id}` : ''}`).join(', ');
  } catch {
    return String(update ?? '');
  }
}

// ---------------------------------------------------------------- wiring

function openConversation(id) {
  call?.hangUp();
  conversationId = id;
  inspected = null;
  ui.conversationId.textContent = conversationId;
  ui.messages.replaceChildren();
  openEvents.clear();
  tracker = null;
  viewedTurn = null;
  void refreshTracker();
}

/** Starts a voice call in the open conversation, or hangs up the running one. */
async function toggleCall() {
  if (call) {
    call.hangUp();
    return;
  }
  ui.talk.disabled = true;
  try {
    call = await startVoiceCall({
      serverRoot: SERVER_ROOT,
      conversationId,
      onEnd: (reason) => {
        call = null;
        setCallUi(false);
        showStatus(`Call ended: ${reason}.`);
      },
    });
    setCallUi(true);
    showStatus('Call started: speak to the assistant.');
  } catch (error) {
    showStatus(`Could not start a call: ${error.message}`, 'error');
  } finally {
    ui.talk.disabled = false;
  }
}

function setCallUi(active) {
  ui.talk.textContent = active ? 'Hang up' : 'Talk';
  ui.talk.setAttribute('aria-pressed', String(active));
}

function startConversation() {
  openConversation(newConversationId());
}

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return; // keep the text until the running turn is done
  const text = ui.input.value;
  ui.input.value = '';
  void send(text);
  ui.input.focus();
});
ui.talk.addEventListener('click', () => void toggleCall());
ui.newConversation.addEventListener('click', () => {
  startConversation();
  ui.input.focus();
});
ui.refresh.addEventListener('click', () => void refreshTracker());
ui.slotsSetOnly.addEventListener('change', renderTracker);
ui.eventFilter.addEventListener('input', renderTracker);
ui.eventType.addEventListener('change', renderTracker);

ui.picker.addEventListener('submit', (event) => {
  event.preventDefault();
  const id = ui.pickerInput.value.trim();
  if (id) openConversation(id);
});
ui.pickerInput.addEventListener('focus', () => void loadConversationList());
ui.credentialForm.addEventListener('submit', (event) => {
  event.preventDefault();
  credential = ui.credentialInput.value.trim();
  sessionStorage.setItem(CREDENTIAL_KEY, credential);
  ui.credentialInput.value = '';
  void loadFlows();
  void refreshTracker();
});
ui.flowSelect.addEventListener('change', () => {
  pickedFlow = ui.flowSelect.value || null;
  renderTracker();
});
ui.backToLive.addEventListener('click', () => {
  viewedTurn = null;
  renderTracker();
});
// Live: turns from any channel show up without a reload.
setInterval(() => {
  if (!busy && document.visibilityState === 'visible') void refreshTracker();
}, POLL_MS);

startConversation();
void loadFlows();

