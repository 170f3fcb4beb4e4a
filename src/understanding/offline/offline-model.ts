/**
 * Training of the offline generator's model: a flow classifier built from the flows' names and
 * descriptions, NLU examples of their `nlu_trigger` intents, and their slots' descriptions; and the
 * project's vocabulary (annotated entity values per slot, plain words).
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import { isPatternId, type Flow } from '../../core/flows.ts';
import { trainClassifier, type ClassifierModel, type TrainingClass } from './flow-classifier.ts';
import { OUT_OF_SCOPE_EXAMPLES, OUT_OF_SCOPE_LABEL } from './out-of-scope.ts';
import { learnVocabulary, type ProjectVocabulary } from './project-vocabulary.ts';
import { flowSlots } from './slot-roles.ts';

export const OFFLINE_MODEL_VERSION = 2;

/** Key of the offline model in a trained bundle (`bundle.trained.offline`); register the trainer under it. */
export const OFFLINE_TRAINER_NAME = 'offline';

/** Decision thresholds on classifier scores (cosine blend in [0, 1]). */
export interface OfflineThresholds {
  /** Lowest score that starts a flow when no slot is being collected. */
  readonly start: number;
  /** Lowest score that starts another flow while a slot is being collected (a digression). */
  readonly digression: number;
  /** Second candidate within this ratio of the first (and above `start`) ⇒ clarify. */
  readonly clarifyRatio: number;
}

/** The trained offline model: plain JSON, bundled by `colloquy train`. */
export interface OfflineModel {
  readonly version: typeof OFFLINE_MODEL_VERSION;
  /** Fingerprint of the assistant it was trained on. */
  readonly fingerprint: string;
  readonly classifier: ClassifierModel;
  readonly thresholds: OfflineThresholds;
  readonly vocabulary: ProjectVocabulary;
}

export const DEFAULT_THRESHOLDS: OfflineThresholds = { start: 0.25, digression: 0.4, clarifyRatio: 0.88 };

/** Flows a user message may start: user flows without `guard: false`. */
export function startableFlows(assistant: Assistant): Flow[] {
  return Object.values(assistant.flows).filter((flow) => !isPatternId(flow.id) && flow.guard !== false);
}

/** Trains the offline model from the assistant's flows, NLU data and slots. Fast: no iterations. */
export function trainOfflineModel(assistant: Assistant, thresholds: OfflineThresholds = DEFAULT_THRESHOLDS): OfflineModel {
  const classes: TrainingClass[] = startableFlows(assistant).map((flow) => ({ label: flow.id, texts: flowTexts(assistant, flow) }));
  classes.push({ label: OUT_OF_SCOPE_LABEL, texts: OUT_OF_SCOPE_EXAMPLES });
  return { version: OFFLINE_MODEL_VERSION, fingerprint: assistant.fingerprint, classifier: trainClassifier(classes), thresholds, vocabulary: learnVocabulary(assistant) };
}

function flowTexts(assistant: Assistant, flow: Flow): string[] {
  const intents = new Set(flow.nluTriggers.map((trigger) => trigger.intent));
  const examples = assistant.nlu.filter((nlu) => intents.has(nlu.intent)).flatMap((nlu) => nlu.examples.map(withoutEntityAnnotations));
  const slots = flowSlots(assistant, flow)
    .map((slot) => slot.description)
    .filter(Boolean)
    .join(' ');
  const title = flow.name && flow.name !== flow.id ? flow.name : flow.id.replace(/_/g, ' ');
  return [title, `${title} ${flow.description}`, ...(slots ? [`${flow.description} ${slots}`] : []), ...examples];
}

/** `send [50](amount) to [John]{"entity": "recipient"}` → `send 50 to John`. */
function withoutEntityAnnotations(example: string): string {
  return example.replace(/\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})/g, '$1');
}
