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
const identifier = (max: number) => optional(z.string().regex(new RegExp(`^[A-Za-z_][A-Za-z0-9_]{0,${max - 1}}$`), `use letters, digits and _ (not first), at most ${max} characters`));
/** Rasa has no key to cap a conversation's history, and colloquy keeps every event: refused, not ignored. */
const common = { max_events: z.custom(() => false, { error: 'colloquy keeps every event of a conversation, as Rasa does: remove this key' }).optional() };
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
    // The events of a conversation live in `<table>_events`, within PostgreSQL's 63 characters.
    table: identifier(56),
    kv_table: identifier(63),
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
