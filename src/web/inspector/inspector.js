// colloquy inspector: a chat over the REST channel beside live views of the conversation's tracker
// (`GET /conversations/{id}/tracker`). Everything from the server is shown with textContent, never as HTML.

/** The server root: this module lives at `/inspect/inspector.js`. */
const SERVER_ROOT = new URL('../', import.meta.url);
/** The HTTP API token, when the server requires one (`/inspect?token=…`). */
const TOKEN = new URLSearchParams(window.location.search).get('token');

const ui = {
  conversationId: byId('conversation-id'),
  status: byId('status'),
  messages: byId('messages'),
  composer: byId('composer'),
  input: byId('message-input'),
  send: byId('send'),
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

async function postMessage(text) {
  const response = await fetch(serverUrl('webhooks/rest/webhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender: conversationId, message: text }),
  });
  if (!response.ok) throw new Error(`the assistant answered HTTP ${response.status}: ${await errorText(response)}`);
  return response.json();
}

async function fetchTracker(id) {
  const query = { include_events: 'ALL', ...(TOKEN ? { token: TOKEN } : {}) };
  const response = await fetch(serverUrl(`conversations/${encodeURIComponent(id)}/tracker`, query));
  if (response.status === 401 || response.status === 403) {
    throw new Error('the HTTP API refused the inspector: open it with ?token=<auth token> (as `colloquy inspect` prints it)');
  }
  if (response.status === 404) throw new Error('the server does not serve the HTTP API: start it with `colloquy inspect` or `colloquy run --enable-api`');
  if (!response.ok) throw new Error(`the tracker request answered HTTP ${response.status}: ${await errorText(response)}`);
  return response.json();
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
    const replies = await postMessage(text);
    pending.remove();
    for (const reply of replies) ui.messages.append(botMessage(reply));
    if (replies.length === 0) ui.messages.append(el('li', { class: 'message note' }, 'no reply'));
    scrollChat();
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

function botMessage(reply) {
  const item = el('li', { class: 'message bot' });
  if (typeof reply.text === 'string') item.append(el('p', { class: 'text' }, reply.text));
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
    if (id !== conversationId) return; // a new conversation started meanwhile
    tracker = latest;
    renderTracker();
  } catch (error) {
    showStatus(`Could not load the tracker: ${error.message}`, 'error');
  }
}

function renderTracker() {
  if (!tracker) return;
  const events = tracker.events ?? [];
  renderStack(tracker.stack ?? []);
  renderSlots(tracker.slots ?? {}, slotsChangedInLastTurn(events));
  renderCommands(tracker.latest_message ?? {});
  renderEvents(events);
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
  ui.events.replaceChildren(...shown.map(eventItem));
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
    el('pre', {}, JSON.stringify(event, null, 2)),
  );
  details.open = openEvents.has(index);
  details.addEventListener('toggle', () => (details.open ? openEvents.add(index) : openEvents.delete(index)));
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

function startConversation() {
  conversationId = newConversationId();
  ui.conversationId.textContent = conversationId;
  ui.messages.replaceChildren();
  openEvents.clear();
  tracker = null;
  void refreshTracker();
}

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  if (busy) return; // keep the text until the running turn is done
  const text = ui.input.value;
  ui.input.value = '';
  void send(text);
  ui.input.focus();
});
ui.newConversation.addEventListener('click', () => {
  startConversation();
  ui.input.focus();
});
ui.refresh.addEventListener('click', () => void refreshTracker());
ui.slotsSetOnly.addEventListener('change', renderTracker);
ui.eventFilter.addEventListener('input', renderTracker);
ui.eventType.addEventListener('change', renderTracker);

startConversation();
