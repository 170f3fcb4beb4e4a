/**
 * Errors as Rasa's JSON error body `{version, status: 'failure', message, reason, details, help, code}`.
 * Every failure the server answers goes through `toHttpError`, so clients never see HTML or a crash.
 * @module
 */
import { ZodError, z } from 'zod';
import { LockTimeoutError } from '../ports/lock-store.ts';
import { InvalidInputError, MessageAlreadyRanError } from '../runtime/processor-api.ts';
import { COLLOQUY_VERSION } from './version.ts';

export interface ErrorBody {
  readonly version: string;
  readonly status: 'failure';
  readonly message: string;
  readonly reason: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly help: string | null;
  readonly code: number;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly help: string | null = null,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ErrorBody {
    return {
      version: COLLOQUY_VERSION,
      status: 'failure',
      message: this.message,
      reason: this.reason,
      details: this.details,
      help: this.help,
      code: this.statusCode,
    };
  }
}

/** Fastify's own client errors, by code: the status it chose and our reason. */
const FRAMEWORK_REASONS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BadRequest',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BadRequest',
  FST_ERR_BAD_URL: 'BadRequest',
  FST_ERR_ASYNC_CONSTRAINT: 'BadRequest',
};

/** Maps anything thrown while serving a request to the error we answer; `internal` marks 5xx to log. */
export function toHttpError(error: unknown): { error: HttpError; internal: boolean } {
  if (error instanceof HttpError) return { error, internal: error.statusCode >= 500 };
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    return { error: new HttpError(400, 'BadRequest', `Invalid request: ${z.prettifyError(error)}`, { issues }), internal: false };
  }
  if (error instanceof InvalidInputError) {
    return { error: new HttpError(400, 'BadRequest', error.message, error.details ?? {}), internal: false };
  }
  if (error instanceof MessageAlreadyRanError) {
    return { error: new HttpError(409, 'MessageAlreadyProcessed', error.message, { message_id: error.messageId }, 'Send a new message (with a new message_id) to continue the conversation.'), internal: false };
  }
  if (error instanceof LockTimeoutError) {
    return { error: new HttpError(503, 'ConversationBusy', error.message), internal: false };
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const code = (error as { code?: unknown }).code;
    const reason = (typeof code === 'string' && FRAMEWORK_REASONS[code]) || (status === 400 ? 'BadRequest' : 'ClientError');
    return { error: new HttpError(status, reason, (error as Error).message), internal: false };
  }
  return { error: new HttpError(500, 'ServerError', 'An unexpected error occurred; see the server log.'), internal: true };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}
