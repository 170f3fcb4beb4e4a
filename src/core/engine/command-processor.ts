/**
 * The command processor (Rasa `execute_commands`): code-change check → cleanup → reorder → execute,
 * then `pattern_validate_slot` frames for validated slots and collapsing of repeated slot sets.
 * @module
 */
import type { Command } from '../commands.ts';
import { HELPER_SLOT, PATTERN } from '../patterns/pattern-ids.ts';
import { hasKeys, sameEntries } from '../plain-object.ts';
import type { DialogueStack } from '../stack.ts';
import type { Draft } from './draft.ts';
import { applyForceSlotFilling, cleanUpCommands, reorderCommands } from './command-cleanup.ts';
import { executeCommand } from './command-handlers.ts';
import { fingerprintDiffers, flowFingerprints } from './flow-index.ts';
import { patternFrame, push } from './frames.ts';

/** Is a flow on the stack gone, or does its fingerprint differ from the one stored in `flow_hashes`? */
function flowsChanged(d: Draft): boolean {
  const stored = d.slots[HELPER_SLOT.flowHashes] as Record<string, string> | null | undefined;
  for (const f of d.stack) {
    if (f.type === 'search') continue;
    const flow = d.assistant.flows[f.flow_id];
    if (!flow || (stored && f.flow_id in stored && fingerprintDiffers(flow, stored[f.flow_id]!))) return true;
  }
  return false;
}

/** A loaded conversation's `flow_hashes` is a copy, compared on every turn. */
function sameHashes(a: Readonly<Record<string, string>>, b: unknown): boolean {
  return a === b || (!!b && typeof b === 'object' && sameEntries(a, b as Readonly<Record<string, unknown>>));
}

const NONE: ReadonlySet<string> = new Set();

function completedAgents(d: Draft): ReadonlySet<string> {
  // Only RestartAgent reads these, and only for sub-agents: no scan of the log without any.
  if (!hasKeys(d.assistant.subAgents)) return NONE;
  const out = new Set<string>();
  for (const e of d.allEvents()) if (e.event === 'agent_completed') out.add(e.agent_id);
  return out;
}

/** Runs the commands of one user message on the draft. */
export function processCommands(d: Draft, commands: readonly Command[]): void {
  const originalStack: DialogueStack = d.stack;
  const firstEvent = d.events.length;
  let cleaned: Command[];
  if (flowsChanged(d)) cleaned = [{ command: 'handle code change' }];
  else {
    const forced = applyForceSlotFilling(d.assistant, originalStack, commands);
    cleaned = cleanUpCommands(
      { assistant: d.assistant, stack: originalStack, slots: d.slots, filledBy: d.live.slot_filled_by, completedAgents: completedAgents(d) },
      forced,
    );
  }
  const hashes = flowFingerprints(d.assistant);
  if (!sameHashes(hashes, d.slots[HELPER_SLOT.flowHashes])) d.emit({ event: 'slot', name: HELPER_SLOT.flowHashes, value: hashes });

  const startedFlows: string[] = [];
  for (const c of cleaned) if (c.command === 'start flow') startedFlows.push(c.flow);
  const toValidate: string[] = [];
  for (const command of reorderCommands(cleaned, originalStack)) {
    const before = d.events.length;
    executeCommand(d, command, { originalStack, startedFlows });
    for (let i = before; i < d.events.length; i++) {
      const e = d.events[i]!;
      if (e.event === 'slot' && d.assistant.domain.slots[e.name]?.validation) toValidate.push(e.name);
    }
  }
  pushSlotValidation(d, toValidate);
  collapseRepeatedSlotSets(d, firstEvent);
}

/** Pushes a `pattern_validate_slot` frame for each slot that has domain `validation` (Rasa `initialize_pattern_validate_slot`). */
export function pushSlotValidation(d: Draft, names: readonly string[]): void {
  if (!d.assistant.flows[PATTERN.validateSlot]) return;
  for (const name of names) {
    const validation = d.assistant.domain.slots[name]?.validation;
    if (!validation) continue;
    push(d, patternFrame(d, PATTERN.validateSlot, { validate: name, refill_utter: validation.refillUtter ?? `utter_ask_${name}`, refill_action: `action_ask_${name}`, rejections: validation.rejections }));
  }
}

const NO_SLOTS: readonly string[] = [];

/**
 * Slots to validate again after a correction: when the previous action was `action_correct_flow_slot`,
 * the slots its trailing slot events set, latest first (Rasa `validate_corrected_slots`). The
 * frames are pushed once the next action has run, as Rasa's processor does.
 */
export function correctedSlotsToValidate(d: Draft): readonly string[] {
  if (d.live.latest_action_name !== 'action_correct_flow_slot') return NO_SLOTS;
  const events = d.allEvents();
  const names: string[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    // Stack patches are our flush points (written when a transition ends), not events of Rasa's action.
    if (e.event === 'stack') continue;
    if (e.event !== 'slot') break;
    names.push(e.name);
  }
  return names;
}

/** Keeps only the last `slot` event per slot among this phase's events (Rasa `remove_duplicated_set_slots`). */
function collapseRepeatedSlotSets(d: Draft, from: number): void {
  let slotEvents = 0;
  for (let i = from; i < d.events.length; i++) if (d.events[i]!.event === 'slot') slotEvents++;
  if (slotEvents < 2) return;
  const seen = new Set<string>();
  for (let i = d.events.length - 1; i >= from; i--) {
    const e = d.events[i]!;
    if (e.event !== 'slot') continue;
    if (seen.has(e.name)) d.events.splice(i, 1);
    else seen.add(e.name);
  }
}
