/**
 * Project loading, validation and training: Rasa Pro-format files → one validated `Assistant`.
 * @module
 */
export { loadProject, loadProjectFromFiles, type LoadOptions, type LoadResult, type ProjectFinding } from './load-project.ts';
export { countBySeverity, formatKeyPath, hasErrors, type Diagnostic, type Severity } from './diagnostics.ts';
export { formatDiagnostic, type FormatOptions } from './format-diagnostic.ts';
export { readProjectFiles, withOverrides, type FileOverrides, type ProjectFiles } from './project-files.ts';
export type { Env } from './env-interpolation.ts';
export { fingerprintOf } from './fingerprint.ts';
export { MODEL_FORMAT, readModelBundle, registerTrainer, trainProject, type ModelBundle, type Trainer, type TrainOptions, type TrainResult } from './train.ts';
