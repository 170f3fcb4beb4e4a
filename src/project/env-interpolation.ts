/**
 * `${VAR}` and `${VAR:-default}` in endpoints, credentials and sub-agent configs, applied to
 * every string scalar after YAML parsing (so a value can never break the YAML structure).
 * @module
 */
import { childOf, type Origin, type Reporter } from './reporter.ts';

export type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/** True when `raw` is exactly one `${VAR}` reference (how secrets must be written). */
export function isEnvReference(raw: string): boolean {
  return WHOLE_REFERENCE.test(raw.trim());
}

/** Returns a copy of `value` with references replaced; reports every unset variable without a default. */
export function interpolateEnv(value: unknown, at: Origin, env: Env, report: Reporter): unknown {
  if (typeof value === 'string') return interpolateString(value, at, env, report);
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, childOf(at, i), env, report));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, childOf(at, k), env, report)]));
  }
  return value;
}

function interpolateString(text: string, at: Origin, env: Env, report: Reporter): string {
  return text.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    if (set === '') return '';
    report.error(
      'env.missing_variable',
      at,
      `environment variable '${name}' is not set.`,
      `Set it (export ${name}=...) before running, or give a default: \${${name}:-value}.`,
    );
    return '';
  });
}
