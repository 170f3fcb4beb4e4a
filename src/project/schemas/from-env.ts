/**
 * Schemas for values of files with `${ENV}` interpolation (endpoints, credentials, sub-agents).
 * @module
 */
import { z } from 'zod';

/** `${ENV}` values are text: a number or boolean given through one is read as YAML would read it. */
export function fromEnv<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
    if (/^(true|True|TRUE|false|False|FALSE)$/.test(text)) return text.toLowerCase() === 'true';
    return value;
  }, schema);
}
