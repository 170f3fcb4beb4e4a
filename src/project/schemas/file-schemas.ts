/**
 * Top-level shapes of each project file: which sections a file may hold. Sections are parsed
 * one by one afterwards, so one bad flow or slot does not hide the rest.
 * @module
 */
import { z } from 'zod';

const section = z.unknown().optional();

export const domainFileSchema = z.strictObject({
  version: z.union([z.string(), z.number()]).optional(),
  intents: section,
  entities: section,
  slots: section,
  responses: section,
  actions: section,
  forms: section,
  session_config: section,
  config: section,
  e2e_actions: section,
});

export const dataFileSchema = z.strictObject({
  version: z.union([z.string(), z.number()]).optional(),
  flows: section,
  nlu: section,
  stories: section,
  rules: section,
});

/** The default-patterns file ships flows plus the responses and helper slots they use. */
export const patternsFileSchema = z.strictObject({
  version: z.union([z.string(), z.number()]).optional(),
  flows: section,
  responses: section,
  slots: section,
  actions: section,
});

const component = z.looseObject({ name: z.string().min(1) });

export const configFileSchema = z.strictObject({
  recipe: z.string().optional(),
  language: z.string().optional(),
  additional_languages: z.array(z.string()).nullish(),
  assistant_id: z.union([z.string(), z.number()]).optional(),
  pipeline: z.array(component).nullish(),
  policies: z.array(component).nullish(),
  spaces: section,
});

export const credentialsFileSchema = z.record(z.string(), z.record(z.string(), z.unknown()).nullable());
