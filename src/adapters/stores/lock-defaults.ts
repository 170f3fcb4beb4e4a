/**
 * Lock timings when the caller gives none. Rasa's ticket lock lives 60 s; a lease renewed while the
 * turn runs can be short, so a conversation whose holder died is free again within seconds.
 */
export const DEFAULT_LOCK_WAIT_MS = 60_000;
export const DEFAULT_LOCK_TTL_MS = 5_000;
