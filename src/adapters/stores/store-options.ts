/**
 * Typed reading of an endpoints.yml store section (`tracker_store`, `lock_store`), whose values may be
 * strings after `${ENV}` interpolation. Errors name the section and key.
 * @module
 */

export class StoreConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}

export interface OptionReader {
  readonly section: string;
  string(key: string): string | undefined;
  number(key: string): number | undefined;
  boolean(key: string): boolean | undefined;
}

export function readOptions(section: string, options: Readonly<Record<string, unknown>>): OptionReader {
  const present = (key: string): unknown => (options[key] === null || options[key] === '' ? undefined : options[key]);
  const invalid = (key: string, expected: string): StoreConfigError =>
    new StoreConfigError(`endpoints.yml ${section}.${key}: expected ${expected}, got ${JSON.stringify(options[key])}.`);
  return {
    section,
    string(key) {
      const value = present(key);
      if (value === undefined) return undefined;
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      throw invalid(key, 'a string');
    },
    number(key) {
      const value = present(key);
      if (value === undefined) return undefined;
      const n = typeof value === 'string' ? Number(value.trim()) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      throw invalid(key, 'a number');
    },
    boolean(key) {
      const value = present(key);
      if (value === undefined) return undefined;
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'True') return true;
      if (value === 'false' || value === 'False') return false;
      throw invalid(key, 'true or false');
    },
  };
}

/**
 * Table names come from configuration and are interpolated into SQL: plain identifiers only, so they
 * also read the same in psql; at most `maxLength` characters (PostgreSQL cuts longer names to 63).
 */
export function checkTableName(section: string, key: string, name: string, maxLength = 63): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.length > maxLength) {
    throw new StoreConfigError(`endpoints.yml ${section}.${key}: use letters, digits and '_' (not first), at most ${maxLength} characters; got '${name}'.`);
  }
  return name;
}
