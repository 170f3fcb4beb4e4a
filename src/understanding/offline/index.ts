/**
 * The offline command generator (default when no LLM is configured) and its trained model.
 * @module
 */
export {
  createOfflineCommandGenerator,
  type OfflineCommandGenerator,
  type OfflineGeneratorOptions,
} from './offline-command-generator.ts';
export { trainOfflineModel, DEFAULT_THRESHOLDS, OFFLINE_MODEL_VERSION, OFFLINE_TRAINER_NAME, type OfflineModel, type OfflineThresholds } from './offline-model.ts';
export { parseNumber, findNumbers, type NumberMention } from './number-parser.ts';
export { parseBool } from './bool-parser.ts';
export { parseDate } from './date-parser.ts';
export { matchCategorical } from './categorical-matcher.ts';
