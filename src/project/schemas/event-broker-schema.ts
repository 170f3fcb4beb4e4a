/**
 * endpoints.yml `event_broker: {type: kafka}`: the keys colloquy reads, with Rasa's names and
 * defaults, so `validate` reports what would make `run` fail. Keys Rasa ignores are left alone.
 * @module
 */
import { z } from 'zod';
import { KAFKA_SASL_MECHANISMS, KAFKA_SECURITY_PROTOCOLS } from '../../core/event-broker-types.ts';
import { fromEnv } from './from-env.ts';

/** Absent when empty or null (an unset `${ENV}`). */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' || value === null ? undefined : value), fromEnv(schema).optional());
}

const text = optional(z.union([z.string(), z.number()]));
const upper = (values: readonly string[]) => optional(z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(values as [string, ...string[]])));

export const kafkaBrokerSchema = z
  .looseObject({
    url: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.union([z.string(), z.array(z.string()).min(1)], { error: "set 'url' to the bootstrap servers: 'host:port' or a list of them" })),
    topic: text,
    client_id: text,
    partition_by_sender: optional(z.boolean()),
    security_protocol: upper(KAFKA_SECURITY_PROTOCOLS),
    sasl_mechanism: upper(KAFKA_SASL_MECHANISMS),
    sasl_username: text,
    sasl_password: text,
    ssl_cafile: text,
    ssl_certfile: text,
    ssl_keyfile: text,
    ssl_check_hostname: optional(z.boolean()),
    convert_intent_id_to_string: optional(z.boolean()),
  })
  .superRefine((broker, context) => {
    // Rasa's default protocol is SASL_PLAINTEXT: without credentials its producer cannot start either.
    const protocol = broker.security_protocol ?? 'SASL_PLAINTEXT';
    if (protocol.startsWith('SASL_')) {
      for (const key of ['sasl_username', 'sasl_password'] as const) {
        if (broker[key] === undefined) context.addIssue({ code: 'custom', path: [key], message: `security_protocol ${protocol} needs '${key}' (or set security_protocol: PLAINTEXT or SSL)` });
      }
    }
    if ((broker.ssl_certfile === undefined) !== (broker.ssl_keyfile === undefined)) {
      context.addIssue({ code: 'custom', path: [broker.ssl_certfile === undefined ? 'ssl_certfile' : 'ssl_keyfile'], message: "a client certificate needs both 'ssl_certfile' and 'ssl_keyfile'" });
    }
  });
