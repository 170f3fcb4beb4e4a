/**
 * The offline command generator: the default when no LLM is configured. It reads button
 * payloads, repair phrases, slot answers and corrections, and classifies flow requests with the
 * trained offline model.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { Command } from '../../core/commands.ts';
import type { SlotMapping, SlotMappingType } from '../../core/domain.ts';
import type { DialogueStack } from '../../core/stack.ts';
import type { CommandGenerator, UnderstandingInput, UnderstandingResult } from '../command-generator.ts';
import { parsePayload } from '../payload/parse-payload.ts';
import { checkUserInput, DEFAULT_MAX_CHARACTERS } from '../user-input.ts';
import { parseBool } from './bool-parser.ts';
import { detectCorrection } from './corrections.ts';
import { readDialogueContext, type DialogueContext } from './dialogue-context.ts';
import { classify, type Scored } from './flow-classifier.ts';
import { OFFLINE_MODEL_VERSION, trainOfflineModel, type OfflineModel } from './offline-model.ts';
import { OUT_OF_SCOPE_LABEL } from './out-of-scope.ts';
import { matchRepairIntent, type RepairIntent } from './repair-intents.ts';
import { isQuestion } from './message-shape.ts';
import { flowSlots, type SlotInfo } from './slot-roles.ts';
import { answerValue, cleanAnswer, looksLikeName, mentionedValues, type SlotValue, type ValueContext } from './slot-values.ts';
import { collapseWhitespace, withoutSlotValues, words } from './text.ts';

export interface OfflineGeneratorOptions {
  /** "Today" for relative dates ("next friday"); defaults to the current time. */
  readonly now?: () => Date;
  /** `user_input.max_characters` (Rasa's default 420); longer messages are not read. */
  readonly maxCharacters?: number;
}

export interface OfflineCommandGenerator extends CommandGenerator {
  readonly model: OfflineModel;
}

/** "I don't want to send money", "no need to check my balance": not a request to start anything. */
const NEGATED_REQUEST = /^(?:(?:i|we)\s+)?(?:don'?t|do not|never|won'?t|no need to|not)\s+(?:\w+\s+)?(?:want|need|wish|like)?\b/i;
const INTERRUPTED_FLOW_SLOT = 'interrupted_flow_to_continue';
const TEXT_LIKE = new Set(['text', 'recipient', 'person', 'handle', 'email', 'phone']);

/**
 * Creates the offline generator. Without a model (or with one of another format version) it trains
 * one on the fly (milliseconds for a typical project); pass the model bundled by `colloquy train`
 * to skip that.
 */
export function createOfflineCommandGenerator(
  assistant: Assistant,
  bundled?: OfflineModel,
  options: OfflineGeneratorOptions = {},
): OfflineCommandGenerator {
  // a model from an older format is retrained rather than misread
  const model = bundled?.version === OFFLINE_MODEL_VERSION ? bundled : trainOfflineModel(assistant);
  const commonWords = new Set(model.vocabulary.commonWords);
  const synonyms = [...assistant.synonyms, ...model.vocabulary.synonyms];
  const knownPatterns = Object.fromEntries(Object.entries(model.vocabulary.slotPatterns).map(([slot, sources]) => [slot, sources.map((p) => new RegExp(p, 'i'))]));
  return {
    model,
    predict(input: UnderstandingInput): Promise<UnderstandingResult> {
      const values: ValueContext = {
        synonyms: input.assistant === assistant ? synonyms : input.assistant.synonyms,
        referenceDate: options.now?.(),
        knownValues: model.vocabulary.slotValues,
        knownPatterns,
        commonWords,
      };
      return Promise.resolve(understand(model, input, values, options.maxCharacters ?? DEFAULT_MAX_CHARACTERS));
    },
  };
}

function understand(model: OfflineModel, raw: UnderstandingInput, values: ValueContext, maxCharacters: number): UnderstandingResult {
  // one space between words keeps every pattern below linear (no backtracking over whitespace runs)
  // Named fields, not a spread of `raw`: this runs every turn, and the rest reads only these.
  const input: UnderstandingInput = { assistant: raw.assistant, state: raw.state, text: collapseWhitespace(raw.text).trim() };
  const { assistant, text } = input;
  // button payloads are commands already: Rasa reads them before any generator checks the text
  const payload = parsePayload(raw.text, assistant);
  if (payload) return { commands: payload };
  const invalid = checkUserInput(raw.text, maxCharacters);
  if (invalid) return { commands: [invalid] };

  const context = readDialogueContext(assistant, input.state.stack);
  const ranking = classify(model.classifier, withoutSlotValues(text));
  const top = ranking[0];
  const parseData = top ? { intent: { name: top.label, confidence: round(top.score) } } : {};
  return { commands: decide(model, input, context, ranking, values).map((c) => asNluWhereMapped(assistant, c)), parseData };
}

// a slot's mapping types, read once per mapping list (a loaded project does not change)
const mappingTypeLists = new WeakMap<readonly SlotMapping[], readonly SlotMappingType[]>();

function mappingTypes(assistant: Assistant, slot: string): readonly SlotMappingType[] {
  const mappings = assistant.domain.slots[slot]?.mappings;
  if (!mappings) return [];
  let types = mappingTypeLists.get(mappings);
  if (!types) mappingTypeLists.set(mappings, (types = mappings.map((m) => m.type)));
  return types;
}

function fromTextOnly(assistant: Assistant, slot: string): boolean {
  const types = mappingTypes(assistant, slot);
  return types.includes('from_text') && !types.includes('from_llm');
}

/**
 * Standing in for NLUCommandAdapter too, the generator sets a slot that only NLU mappings fill
 * (`from_entity`, `from_text`, …, no `from_llm`) as the NLU extractor, so command cleanup keeps it.
 */
function asNluWhereMapped(assistant: Assistant, command: Command): Command {
  if (command.command !== 'set slot') return command;
  const types = mappingTypes(assistant, command.name);
  const nluOnly = types.length > 0 && !types.includes('from_llm') && types.some((t) => t.startsWith('from_'));
  return nluOnly ? { ...command, extractor: 'NLU' } : command;
}

function decide(model: OfflineModel, input: UnderstandingInput, context: DialogueContext, ranking: readonly Scored[], values: ValueContext): Command[] {
  const { assistant, text, state } = input;
  const repair = matchRepairIntent(text);
  const direct = repairCommand(repair, context);
  if (direct) return [direct];

  const activeSlots = context.activeFlow ? flowSlots(assistant, context.activeFlow) : [];
  const collecting = context.collecting;
  if (collecting?.name === INTERRUPTED_FLOW_SLOT) return [setSlot(collecting.name, interruptedFlowChoice(model, text, state.stack))];
  if (context.activeFlow) {
    const corrected = detectCorrection(text, { flowSlots: activeSlots, filled: state.slots, collecting }, values);
    if (corrected) return corrected.map((v) => setSlot(v.name, v.value));
  }

  const question = isQuestion(text);
  // a from_text slot takes the message as written, as Rasa's NLU mapping does
  const answer = collecting && !question ? (fromTextOnly(assistant, collecting.name) ? text : answerValue(collecting, text, values)) : undefined;
  const textLike = collecting !== undefined && TEXT_LIKE.has(collecting.role);
  if (collecting && !textLike && answer !== undefined) return [setSlot(collecting.name, answer)];

  // a bare name answering "who?" is that name, even when it sounds like a flow ("Bill", "Mark")
  if (collecting && typeof answer === 'string' && isPersonRole(collecting) && isBareName(answer, text, values)) return [setSlot(collecting.name, answer)];
  if (repair === 'chitchat') return [{ command: 'chitchat' }];
  const threshold = collecting ? model.thresholds.digression : model.thresholds.start;
  const started = startFlow({ assistant, model, threshold, context, values }, ranking, text);
  if (started) return started;
  if (collecting && textLike && typeof answer === 'string' && answer && fitsRole(collecting, answer, values)) return [setSlot(collecting.name, answer)];
  // a short answer outside a categorical slot's values is still its answer: the engine rejects it
  // with utter_categorical_slot_rejection and asks again, as Rasa does with the LLM's value
  if (collecting?.role === 'categorical' && !question && repair === undefined && words(cleanAnswer(text)).length <= 3) {
    return [setSlot(collecting.name, cleanAnswer(text))];
  }
  if (context.agentOnTop) return [{ command: 'continue agent' }];
  // a question nothing else answers goes to the knowledge base when the project has one
  return [question && hasKnowledgeBase(assistant) ? { command: 'knowledge' } : { command: 'cannot handle' }];
}

const isPersonRole = (slot: SlotInfo): boolean => slot.role === 'person' || slot.role === 'recipient';

/** A person's or recipient's name must read as one: a verb or a request is no name. */
function fitsRole(slot: SlotInfo, answer: string, values: ValueContext): boolean {
  return !isPersonRole(slot) || looksLikeName(answer, values);
}

const NAME_START = /^[\p{Lu}\p{Lo}@]/u;

/** The message is just a name: capitalised words or a script without case, at most three words. */
function isBareName(answer: string, text: string, values: ValueContext): boolean {
  const parts = answer.split(' ');
  return parts.length <= 3 && text.split(' ').length <= 5 && parts.every((p) => NAME_START.test(p)) && looksLikeName(answer, values);
}

function hasKnowledgeBase(assistant: Assistant): boolean {
  return assistant.config.policies.some((policy) => policy.name === 'EnterpriseSearchPolicy');
}

function repairCommand(repair: RepairIntent | undefined, context: DialogueContext): Command | undefined {
  switch (repair) {
    case 'cancel':
      return { command: 'cancel flow' };
    case 'repeat':
      return { command: 'repeat' };
    case 'handoff':
      return { command: 'human handoff' };
    case 'skip':
      return context.collecting ? { command: 'skip question' } : undefined;
    default:
      return undefined;
  }
}

/** "check my balance and then send 20 to Bob": clauses that may each ask for a flow. */
const CLAUSE_BREAK = /\s*(?:[,;]\s*(?:and\s+)?then\b|[;]|\band\s+(?:then|also|after that)\b|\bafter that\b|,?\s+then\b)\s*|\s+and\s+(?=(?:check|show|send|add|remove|list|see|tell|transfer|pay|book|cancel|order|find|get)\b)/i;

/** What deciding on a flow start needs besides the message and its ranking. */
interface StartContext {
  readonly assistant: Assistant;
  readonly model: OfflineModel;
  readonly threshold: number;
  readonly context: DialogueContext;
  readonly values: ValueContext;
}

/**
 * Several flows asked for in one message start in the order asked; otherwise the best flow starts
 * (with the slot values the message mentions), two close ones are clarified, or nothing starts.
 */
function startFlow(start: StartContext, ranking: readonly Scored[], text: string): Command[] | undefined {
  // most messages ask for one thing: split (and its arrays) only where a clause break is
  const clauses = CLAUSE_BREAK.test(text) ? text.split(CLAUSE_BREAK).filter((clause) => clause.trim()) : [];
  if (clauses.length > 1 && clauses.length <= 3) {
    const each = clauses.map((clause) => startOneFlow(start, classify(start.model.classifier, withoutSlotValues(clause)), clause));
    const flows = each.map((commands) => commands?.[0]).flatMap((c) => (c?.command === 'start flow' ? [c.flow] : []));
    if (flows.length === clauses.length && new Set(flows).size === flows.length) {
      return each.flatMap((commands) => commands ?? []);
    }
  }
  return startOneFlow(start, ranking, text);
}

/** Start the best flow (with the slot values the message mentions), clarify between two close ones, or nothing. */
function startOneFlow({ assistant, model, threshold, context, values }: StartContext, ranking: readonly Scored[], text: string): Command[] | undefined {
  const [first, second] = ranking;
  if (!first || first.label === OUT_OF_SCOPE_LABEL || first.score < threshold || NEGATED_REQUEST.test(text)) return undefined;
  if (first.label === context.activeFlow?.id) return undefined;
  if (second && second.label !== OUT_OF_SCOPE_LABEL && second.score >= threshold && second.score >= model.thresholds.clarifyRatio * first.score) {
    return [{ command: 'clarify', options: [first.label, second.label] }];
  }
  const flow = assistant.flows[first.label];
  if (!flow) return undefined;
  const mentioned: SlotValue[] = mentionedValues(flowSlots(assistant, flow), text, values);
  return [{ command: 'start flow', flow: flow.id }, ...mentioned.map((v) => setSlot(v.name, v.value))];
}

/** `pattern_continue_interrupted` with several flows: which one to resume, or `none`. */
function interruptedFlowChoice(model: OfflineModel, text: string, stack: DialogueStack): string {
  if (parseBool(text) === false || /\b(none|neither|nothing|no)\b/i.test(text)) return 'none';
  const below = stack.at(-2);
  const offered = below?.type === 'pattern' ? below.context['interrupted_flow_ids'] : undefined;
  const ids = Array.isArray(offered) ? offered.filter((id): id is string => typeof id === 'string') : [];
  const best = classify(model.classifier, text).find((scored) => ids.length === 0 || ids.includes(scored.label));
  return best && best.label !== OUT_OF_SCOPE_LABEL ? best.label : 'none';
}

function setSlot(name: string, value: unknown): Command {
  return { command: 'set slot', name, value, extractor: 'LLM' };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
