/**
 * Stable content hashes: canonical JSON (sorted keys, `source` positions left out, so
 * reformatting a file does not change a fingerprint) through SHA-256.
 * @module
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([k, v]) => v !== undefined && !isDerived(k, v))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Source positions and stored fingerprints are not part of a definition. */
function isDerived(key: string, value: unknown): boolean {
  return (key === 'source' && typeof value === 'object' && value !== null && 'line' in value) || (key === 'fingerprint' && typeof value === 'string');
}

/** Hex SHA-256 of the canonical JSON of `value`, cut to 32 characters. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}
