/**
 * Builds channel configs from `credentials.yml` (already `${ENV}`-interpolated). Channels with a
 * schema here (the voice channels) are checked at load time, so `colloquy validate` names the file
 * and line, and carry their parsed options with defaults filled in.
 * @module
 */
import type { z } from 'zod';
import type { ChannelConfig } from '../core/assistant.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { credentialsFileSchema } from './schemas/file-schemas.ts';
import { voiceStreamChannelSchemas } from './schemas/voice-credentials.ts';
import { jambonzCredentials, twilioVoiceCredentials } from './schemas/voice-ready-credentials.ts';

const channelSchemas: Readonly<Record<string, z.ZodType<Record<string, unknown>>>> = {
  ...voiceStreamChannelSchemas,
  twilio_voice: twilioVoiceCredentials,
  jambonz: jambonzCredentials,
};

export function buildChannels(data: unknown, at: Origin, report: Reporter): ChannelConfig[] {
  const c = checkSchema(credentialsFileSchema, data ?? {}, at, report, 'credentials') ?? {};
  return Object.entries(c).flatMap(([name, options]) => {
    const schema = channelSchemas[name];
    if (!schema) return [{ name, options: options ?? {} }];
    const parsed = checkSchema(schema, options ?? {}, childOf(at, name), report, 'credentials');
    return parsed ? [{ name, options: parsed }] : [];
  });
}
