/**
 * The `socketio:` section of credentials.yml, apart from the channel so a start checks it without
 * loading socket.io.
 * @module
 */
import { z } from 'zod';

/** The `socketio:` section of credentials.yml, with Rasa's keys and defaults. */
export const socketIoCredentials = z.object({
  user_message_evt: z.string().min(1).default('user_uttered'),
  bot_message_evt: z.string().min(1).default('bot_uttered'),
  session_persistence: z.boolean().default(false),
  socketio_path: z.string().startsWith('/').default('/socket.io'),
  metadata_key: z.string().min(1).default('metadata'),
});
export type SocketIoCredentials = z.infer<typeof socketIoCredentials>;
