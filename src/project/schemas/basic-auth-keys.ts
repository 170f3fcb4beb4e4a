/**
 * `username`/`password` of the telephony channels (Basic auth on their webhooks): both or neither,
 * as Rasa requires.
 * @module
 */
import { z } from 'zod';

export const basicAuthKeys = {
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
};

export function bothOrNeither(value: { username?: string | undefined; password?: string | undefined }, ctx: z.RefinementCtx): void {
  if (!value.username === !value.password) return;
  const [given, missing] = value.username ? ['username', 'password'] : ['password', 'username'];
  ctx.addIssue({ code: 'custom', path: [given], message: `'${missing}' is missing: set both username and password, or neither` });
}
