/**
 * Builds channel configs from `credentials.yml` (already `${ENV}`-interpolated).
 * @module
 */
import type { ChannelConfig } from '../core/assistant.ts';
import type { Origin, Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { credentialsFileSchema } from './schemas/file-schemas.ts';

export function buildChannels(data: unknown, at: Origin, report: Reporter): ChannelConfig[] {
  const c = checkSchema(credentialsFileSchema, data ?? {}, at, report, 'credentials') ?? {};
  return Object.entries(c).map(([name, options]) => ({ name, options: options ?? {} }));
}
