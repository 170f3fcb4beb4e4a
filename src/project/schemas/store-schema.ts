/**
 * endpoints.yml `tracker_store` and `lock_store`: the types colloquy serves (Rasa's names) and the
 * keys each reads, so `validate` catches what would make `run` fail. Unknown keys are left alone:
 * Rasa has more (e.g. Kafka or Mongo settings) that colloquy ignores.
 * @module
 */
import { z } from 'zod';
import { type StoreBackend } from '../../core/store-types.ts';
import { fromEnv } from './from-env.ts';

/** A key the store reads as absent when it is empty or null (an unset `${ENV}`). */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' || value === null ? undefined : value), fromEnv(schema).optional());
}

const text = optional(z.union([z.string(), z.number()]));
const port = optional(z.number().int().min(0).max(65535));
const identifier = optional(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'use letters, digits and _ (not first), at most 63 characters'));
const common = { max_events: optional(z.number().int().min(0)) };
const redisKeys = {
  url: text,
  host: text,
  port,
  db: optional(z.number().int().min(0)),
  username: text,
  password: text,
  use_ssl: optional(z.boolean()),
  key_prefix: text,
};

const BACKEND_KEYS: Readonly<Record<StoreBackend, z.core.$ZodLooseShape>> = {
  memory: common,
  sqlite: { ...common, db: text },
  redis: { ...common, ...redisKeys, record_exp: optional(z.number().positive()) },
  sql: {
    ...common,
    dialect: optional(z.string().regex(/^(sqlite|postgres(ql)?(\+\w+)?)$/, 'use postgresql or sqlite')),
    url: text,
    host: text,
    port,
    db: text,
    username: text,
    password: text,
    login_db: text,
    table: identifier,
    kv_table: identifier,
  },
};

/** A store section whose `type` is one of `types`. */
export function storeTypeSchema(types: Readonly<Record<string, StoreBackend>>) {
  return z.looseObject({ type: z.enum(Object.keys(types) as [string, ...string[]]) });
}

/** The keys the `backend` store reads, with the values it accepts. */
export function storeKeysSchema(backend: StoreBackend) {
  return z.looseObject(BACKEND_KEYS[backend]);
}
