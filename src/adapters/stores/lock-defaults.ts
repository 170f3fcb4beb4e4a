/** Lock timings when the caller gives none (Rasa's ticket lock lifetime is 60 s too). */
export const DEFAULT_LOCK_WAIT_MS = 60_000;
export const DEFAULT_LOCK_TTL_MS = 60_000;
