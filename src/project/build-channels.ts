/**
 * Builds channel configs from `credentials.yml` (already `${ENV}`-interpolated). Voice-stream
 * channels are checked against their schemas here, so errors name the file and line.
 * @module
 */
import type { ChannelConfig } from '../core/assistant.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { credentialsFileSchema } from './schemas/file-schemas.ts';
import { voiceStreamChannelSchemas } from './schemas/voice-credentials.ts';

export function buildChannels(data: unknown, at: Origin, report: Reporter): ChannelConfig[] {
  const c = checkSchema(credentialsFileSchema, data ?? {}, at, report, 'credentials') ?? {};
  const channels: ChannelConfig[] = [];
  for (const [name, options] of Object.entries(c)) {
    const schema = voiceStreamChannelSchemas[name];
    if (!schema) {
      channels.push({ name, options: options ?? {} });
      continue;
    }
    const parsed = checkSchema(schema, options ?? {}, childOf(at, name), report, 'credentials');
    if (parsed) channels.push({ name, options: parsed });
  }
  return channels;
}
