// The flow diagram: a flow's steps top to bottom as an SVG, the step the conversation stands on
// highlighted, the steps it passed marked, and every `next` drawn as an edge (jumps and branches on
// the right, with their condition). Built with DOM calls only: no text is ever parsed as markup.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_WIDTH = 300;
const NODE_HEIGHT = 44;
const GAP = 22;
const LEFT = 16;
const TOP = 12;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** What a step does, in a few words. */
export function stepLabel(step) {
  if (step.collect !== undefined) return [`collect`, step.collect];
  if (step.action !== undefined) return ['action', step.action];
  if (step.link !== undefined) return ['link', step.link];
  if (step.call !== undefined) return ['call', step.call];
  if (step.set_slots !== undefined) return ['set slots', step.set_slots.map((s) => Object.keys(s)[0]).join(', ')];
  if (step.noop) return ['noop', ''];
  return ['step', step.id];
}

/** Edges out of a step: `{to, label}`; `to` is a step id or `END`. */
function edgesOf(step) {
  if (typeof step.next === 'string') return [{ to: step.next, label: '' }];
  if (!Array.isArray(step.next)) return [];
  return step.next.map((branch) => ('else' in branch ? { to: branch.else, label: 'else' } : { to: branch.then, label: `if ${branch.if}` }));
}

/**
 * @param flow a flow of `GET /flows`
 * @param current the step id the conversation stands on in this flow, if any
 * @param visited step ids the conversation passed in this flow
 */
export function flowDiagram(flow, current, visited) {
  const steps = flow.steps ?? [];
  const row = new Map(steps.map((step, index) => [step.id, index]));
  row.set('END', steps.length);
  const jumps = steps.flatMap((step, index) => edgesOf(step).filter((edge) => row.get(edge.to) !== index + 1 || edge.label !== '').map((edge) => ({ from: index, to: row.get(edge.to) ?? steps.length, label: edge.label })));
  const lanes = jumps.length;
  const width = LEFT + NODE_WIDTH + 40 + lanes * 26 + 160;
  const height = TOP + (steps.length + 1) * (NODE_HEIGHT + GAP);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Flow ${flow.id}`, class: 'flow-diagram' });
  const y = (index) => TOP + index * (NODE_HEIGHT + GAP);

  // Straight edges between neighbours without a condition.
  steps.forEach((step, index) => {
    if (edgesOf(step).some((edge) => row.get(edge.to) === index + 1 && edge.label === '')) {
      root.append(svg('line', { x1: LEFT + NODE_WIDTH / 2, y1: y(index) + NODE_HEIGHT, x2: LEFT + NODE_WIDTH / 2, y2: y(index + 1), class: 'edge' }));
    }
  });
  const labelsFrom = new Map();
  jumps.forEach((jump, lane) => {
    const x = LEFT + NODE_WIDTH + 20 + lane * 26;
    const from = y(jump.from) + NODE_HEIGHT / 2;
    // Branch labels of one step stack below each other, right of every lane.
    const labelRow = labelsFrom.get(jump.from) ?? 0;
    labelsFrom.set(jump.from, labelRow + 1);
    const to = y(jump.to) + NODE_HEIGHT / 2;
    root.append(svg('path', { d: `M ${LEFT + NODE_WIDTH} ${from} H ${x} V ${to} H ${LEFT + NODE_WIDTH + 4}`, class: 'edge jump' }));
    root.append(svg('polygon', { points: `${LEFT + NODE_WIDTH},${to} ${LEFT + NODE_WIDTH + 7},${to - 4} ${LEFT + NODE_WIDTH + 7},${to + 4}`, class: 'arrow' }));
    if (jump.label) root.append(svg('text', { x: LEFT + NODE_WIDTH + 28 + lanes * 26, y: from - 6 + labelRow * 13, class: 'edge-label' }, jump.label.length > 40 ? `${jump.label.slice(0, 39)}…` : jump.label));
  });

  steps.forEach((step, index) => {
    const [kind, detail] = stepLabel(step);
    const state = step.id === current ? 'current' : visited.has(step.id) ? 'visited' : 'idle';
    const group = svg('g', { class: `node node-${state} kind-${kind.replace(' ', '-')}`, 'data-step': step.id, transform: `translate(${LEFT} ${y(index)})` });
    group.append(svg('title', {}, step.id));
    group.append(svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }));
    group.append(svg('text', { x: 10, y: 18, class: 'node-kind' }, kind));
    group.append(svg('text', { x: 10, y: 35, class: 'node-detail' }, detail.length > 38 ? `${detail.slice(0, 37)}…` : detail));
    root.append(group);
  });
  const end = svg('g', { class: `node node-end ${current === 'END' ? 'node-current' : ''}`, 'data-step': 'END', transform: `translate(${LEFT + NODE_WIDTH / 2 - 40} ${y(steps.length)})` });
  end.append(svg('rect', { width: 80, height: NODE_HEIGHT - 10, rx: 17 }));
  end.append(svg('text', { x: 40, y: 22, 'text-anchor': 'middle', class: 'node-kind' }, 'END'));
  root.append(end);
  return root;
}
