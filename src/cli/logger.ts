/**
 * Structured logs (pino, JSON lines on stderr). Secrets are redacted wherever they appear in a log object.
 * @module
 */
import pino, { type Logger } from 'pino';

const SECRET_KEYS = ['apiKey', 'api_key', 'token', 'password', 'secret', 'clientSecret', 'client_secret', 'authorization', 'Authorization'];

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { app: 'colloquy' },
      redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}
