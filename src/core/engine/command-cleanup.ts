/**
 * Command cleanup and reordering (Rasa `command_processor.clean_up_commands` / `reorder_commands`).
 * @module
 */
import type { Assistant } from '../assistant.ts';
import type { Command, CommandOf } from '../commands.ts';
import type { SlotDefinition } from '../domain.ts';
import { HELPER_SLOT, PATTERN } from '../patterns/pattern-ids.ts';
import type { DialogueStack } from '../stack.ts';
import { holds } from './expressions.ts';
import { fillableSlots, isCollect, stepById } from './flow-index.ts';
import { activePatternFrame, agentIsActive, isPatternFrame, topFlowFrame, topFrame, topUserFrame } from './stack-queries.ts';
import type { CollectStep } from '../flows.ts';
import { sameValue } from './slot-values.ts';
import { usesIntentlessPolicy } from './known-actions.ts';

export interface CleanupInput {
  readonly assistant: Assistant;
  readonly stack: DialogueStack;
  readonly slots: Readonly<Record<string, unknown>>;
  readonly filledBy: Readonly<Record<string, string>> | undefined;
  /** Agents that completed earlier in the conversation (RestartAgent targets). */
  readonly completedAgents: ReadonlySet<string>;
}

const CHITCHAT_REASON = 'cannot_handle_chitchat';

/** The collect step being asked, when `pattern_collect_information` is on top. */
export function currentCollectStep(assistant: Assistant, stack: DialogueStack): CollectStep | undefined {
  const top = topFrame(stack);
  if (!isPatternFrame(top, PATTERN.collectInformation) || stack.length < 2) return undefined;
  const below = stack[stack.length - 2]!;
  if (below.type !== 'flow' && below.type !== 'pattern') return undefined;
  const flow = assistant.flows[below.flow_id];
  const step = flow && stepById(flow, below.step_id);
  return isCollect(step) ? step : undefined;
}

/** Rasa `should_slot_be_set`: does the extractor fit the slot's mappings? */
function extractorAllowed(slot: SlotDefinition, command: CommandOf<'set slot'>, soFar: readonly Command[]): boolean {
  const extractor = command.extractor ?? 'LLM';
  if (extractor === 'COMMAND_PAYLOAD_READER') return true;
  const types = slot.mappings.length > 0 ? slot.mappings.map((m) => m.type) : ['from_llm'];
  const hasLlm = types.includes('from_llm');
  const hasNlu = types.some((t) => t === 'from_entity' || t === 'from_intent' || t === 'from_text' || t === 'from_trigger_intent');
  const hasControlled = types.some((t) => t === 'controlled' || t === 'custom');
  const earlier = soFar.filter((c): c is CommandOf<'set slot'> => c.command === 'set slot' && c.name === slot.name);
  if (earlier.length > 0 && extractor === 'LLM') return !earlier.some((c) => c.extractor === 'NLU') && hasLlm;
  if (hasNlu && extractor === 'LLM' && !hasLlm) return false;
  if (hasLlm && extractor === 'NLU' && !hasNlu) return false;
  if (hasControlled && !(hasNlu || hasLlm)) return false;
  return true;
}

function cleanUpSetSlot(input: CleanupInput, soFar: Command[], command: CommandOf<'set slot'>): void {
  const { assistant, slots, stack } = input;
  const slot = assistant.domain.slots[command.name];
  if (!slot) {
    soFar.push({ command: 'cannot handle', reason: 'The slot predicted by the LLM is not defined in the domain.' });
    return;
  }
  if (!extractorAllowed(slot, command, soFar)) {
    const exists = soFar.some((c) => c.command === 'set slot' && c.name === slot.name);
    if (!exists && !soFar.some((c) => c.command === 'cannot handle')) {
      soFar.push({ command: 'cannot handle', reason: 'A command generator attempted to set a slot with a value extracted by an extractor that is incompatible with the slot mapping type.' });
    }
    return;
  }
  if (input.filledBy?.[command.name] === 'NLU' && (command.extractor ?? 'LLM') === 'LLM') {
    if (!slot.mappings.some((m) => m.type === 'from_llm' && m.allowNluCorrection === true)) return;
  }
  const current = slots[command.name];
  // Approximates Rasa's "set earlier in the tracker and not None": a value the conversation gave it.
  const eligibleForCorrection = current !== null && current !== undefined && !sameValue(current, slot.initialValue ?? null);
  if (eligibleForCorrection && command.name !== HELPER_SLOT.routeSessionToCalm) {
    if (currentCollectStep(assistant, stack)?.collect === command.name) {
      soFar.push(command);
      return;
    }
    if (String(current) === String(command.value)) return;
    const top = topFlowFrame(stack);
    const already = isPatternFrame(top, PATTERN.correction) ? (top.context.corrected_slots as Record<string, unknown> | undefined) : undefined;
    if (already && command.name in already && String(already[command.name]) === String(command.value)) return;
    const corrected = { name: command.name, value: command.value, ...(command.extractor ? { filled_by: command.extractor } : {}) };
    const i = soFar.findIndex((c) => c.command === 'correct slot');
    if (i >= 0) {
      const c = soFar[i] as CommandOf<'correct slot'>;
      soFar[i] = { command: 'correct slot', corrected_slots: [...c.corrected_slots, corrected] };
    } else soFar.push({ command: 'correct slot', corrected_slots: [corrected] });
    return;
  }
  soFar.push(command);
}

function guardAllows(input: CleanupInput, flowId: string): boolean {
  const flow = input.assistant.flows[flowId];
  if (!flow || flow.guard === undefined) return true;
  return holds(flow.guard, { slots: input.slots, context: {} });
}

function chitchatUsesTriggerAction(assistant: Assistant): boolean {
  const flow = assistant.flows[PATTERN.chitchat];
  const usesTrigger = !flow || flow.steps.some((s) => s.kind === 'action' && s.action === 'action_trigger_chitchat');
  return usesTrigger && !usesIntentlessPolicy(assistant);
}

/** Rasa `clean_up_commands`. */
export function cleanUpCommands(input: CleanupInput, commands: readonly Command[]): Command[] {
  const { stack } = input;
  let clean: Command[] = [];
  const continueInterruptedActive = activePatternFrame(stack, PATTERN.continueInterrupted) !== undefined;
  for (const command of commands) {
    switch (command.command) {
      case 'set slot':
        cleanUpSetSlot(input, clean, command);
        break;
      case 'cancel flow':
      case 'cannot handle':
        if (!clean.some((c) => c.command === command.command)) clean.push(command);
        break;
      case 'start flow': {
        const top = topUserFrame(stack, false);
        if (top?.flow_id === command.flow && !continueInterruptedActive) break;
        if (!guardAllows(input, command.flow)) break;
        clean.push(command);
        break;
      }
      case 'chitchat':
        clean.unshift(chitchatUsesTriggerAction(input.assistant) ? { command: 'cannot handle', reason: CHITCHAT_REASON } : command);
        break;
      case 'clarify':
        if (commands.length > 1) {
          const others = commands.filter((c) => !(c.command === 'set slot' && c.name === HELPER_SLOT.routeSessionToCalm));
          const onlyRoute = clean.length === 1 && clean[0]!.command === 'set slot' && clean[0]!.name === HELPER_SLOT.routeSessionToCalm;
          if (others.every((c) => c.command === 'clarify') && (clean.length === 0 || onlyRoute)) clean.push(command);
        } else clean.push(command);
        break;
      case 'restart agent':
        if (input.assistant.subAgents[command.agent_id] && input.completedAgents.has(command.agent_id)) clean.push(command);
        break;
      case 'continue agent':
        if (agentIsActive(stack)) clean.push(command);
        break;
      case 'knowledge':
        clean.unshift(command);
        break;
      default:
        clean.push(command);
    }
  }
  clean = replaceUnfillableSetSlots(input, clean);
  clean = replaceCannotHandleWhileAgentActive(clean, stack);
  const hasRouting = input.assistant.domain.slots[HELPER_SLOT.routeSessionToCalm] !== undefined;
  if (clean.length > (hasRouting ? 2 : 1)) clean = clean.filter((c) => c.command !== 'cannot handle');
  return keepFirst(keepFirst(clean, 'repeat'), 'continue agent');
}

/**
 * With no user flow active, a SetSlot that neither the question being asked nor a flow started by
 * this message collects would be skipped at execution (Rasa) and the assistant would stay silent;
 * it becomes cannot handle instead (dropped again below when other commands remain).
 */
function replaceUnfillableSetSlots(input: CleanupInput, clean: Command[]): Command[] {
  // Most messages set no slot: nothing to check (and no closure to build, every turn).
  if (topUserFrame(input.stack, false) || !clean.some((c) => c.command === 'set slot')) return clean;
  const asked = currentCollectStep(input.assistant, input.stack)?.collect;
  const started = clean.flatMap((c) => (c.command === 'start flow' && input.assistant.flows[c.flow] ? [input.assistant.flows[c.flow]!] : []));
  const fillable = (c: CommandOf<'set slot'>): boolean =>
    c.name === asked ||
    c.name === HELPER_SLOT.routeSessionToCalm ||
    c.extractor === 'CUSTOM' ||
    started.some((flow) => fillableSlots(input.assistant, flow).has(c.name));
  const kept = clean.filter((c) => c.command !== 'set slot' || fillable(c));
  if (kept.length === clean.length) return clean;
  return kept.some((c) => c.command === 'cannot handle') ? kept : [...kept, { command: 'cannot handle' }];
}

function replaceCannotHandleWhileAgentActive(clean: Command[], stack: DialogueStack): Command[] {
  if (!agentIsActive(stack)) return clean;
  if (clean.length === 0) return [{ command: 'continue agent' }];
  const replace = clean.filter((c) => c.command === 'cannot handle' && c.reason !== CHITCHAT_REASON);
  if (replace.length === 0) return clean;
  const kept = clean.filter((c) => !replace.includes(c));
  return kept.some((c) => c.command === 'continue agent') ? kept : [...kept, { command: 'continue agent' }];
}

function keepFirst(commands: Command[], name: Command['command']): Command[] {
  let count = 0;
  for (const c of commands) if (c.command === name) count++;
  // No copy (nor closure) per turn when there is nothing to drop.
  if (count < 2) return commands;
  let seen = false;
  return commands.filter((c) => {
    if (c.command !== name) return true;
    if (seen) return false;
    seen = true;
    return true;
  });
}

/** `force_slot_filling` on the collect being asked: only the SetSlot for that slot survives. */
export function applyForceSlotFilling(assistant: Assistant, stack: DialogueStack, commands: readonly Command[]): readonly Command[] {
  const step = currentCollectStep(assistant, stack);
  if (!step?.forceSlotFilling) return commands;
  return commands.filter((c) => c.command === 'set slot' && c.name === step.collect);
}

/** Rasa `reorder_commands`: with no active user flow the (last) StartFlow runs first; then reverse. */
export function reorderCommands(commands: readonly Command[], stack: DialogueStack): Command[] {
  let ordered = commands.slice();
  if (!topUserFrame(stack)) {
    const starts = ordered.filter((c) => c.command === 'start flow');
    if (starts.length === 1) ordered = [...ordered.filter((c) => c.command !== 'start flow'), starts[0]!];
    else if (starts.length > 1) {
      const last = starts[starts.length - 1]!;
      ordered = [...ordered.filter((c) => c !== last), last];
    }
  }
  return ordered.reverse();
}
