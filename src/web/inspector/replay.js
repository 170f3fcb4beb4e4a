// Rebuilds a conversation's state at any event from its event log (read-only time travel): slots
// from `slot` events, the dialogue stack from `stack` JSON patches, and the steps each flow passed.

/** Turns: the index of each `user` event, and the last event of the turn it opens. */
export function turnsOf(events) {
  const starts = events.flatMap((event, index) => (event.event === 'user' ? [index] : []));
  return starts.map((start, n) => ({ start, end: (starts[n + 1] ?? events.length) - 1, text: String(events[start].text ?? '') }));
}

/**
 * The state after event `upTo` (inclusive): `slots` (starting from `initialSlots` for every name
 * the tracker knows), `stack`, and `visited`: flow id → step ids its frames stood on.
 */
export function replay(events, upTo, initialSlots) {
  const slots = { ...initialSlots };
  let stack = [];
  const visited = new Map();
  for (const event of events.slice(0, upTo + 1)) {
    if (event.event === 'slot') slots[event.name] = event.value ?? null;
    else if (event.event === 'restart' || event.event === 'session_started') stack = [];
    else if (event.event === 'stack') {
      stack = applyPatch(stack, event.update);
      for (const frame of stack) {
        if (!frame.flow_id || !frame.step_id) continue;
        const steps = visited.get(frame.flow_id) ?? new Set();
        steps.add(String(frame.step_id).replace(/^NEXT:/, ''));
        visited.set(frame.flow_id, steps);
      }
    }
  }
  return { slots, stack, visited };
}

/** The JSON patch operations the engine writes (add, replace, remove) on a copy of `stack`. */
function applyPatch(stack, update) {
  let operations;
  try {
    operations = JSON.parse(update);
  } catch {
    return stack;
  }
  const next = structuredClone(stack);
  for (const { op, path, value } of operations) {
    const keys = String(path).split('/').slice(1).map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (keys.length === 0) {
      if (op !== 'remove' && Array.isArray(value)) next.splice(0, next.length, ...structuredClone(value));
      continue;
    }
    const last = keys.pop();
    let parent = next;
    for (const key of keys) parent = parent?.[key];
    if (parent === undefined || parent === null) continue;
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op === 'add') parent.splice(index, 0, structuredClone(value));
      else if (op === 'replace') parent[index] = structuredClone(value);
      else if (op === 'remove') parent.splice(index, 1);
    } else if (op === 'remove') delete parent[last];
    else parent[last] = structuredClone(value);
  }
  return next;
}
