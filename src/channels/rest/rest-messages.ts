/**
 * Bot messages in the REST channel's output format (Rasa `CollectingOutputChannel`).
 * @module
 */
import type { ResponseButton } from '../../core/domain.ts';
import type { BotMessage } from '../../core/events.ts';
import type { TextChunk } from '../../ports/action-runner.ts';
import { messageParts, paragraphs } from '../message-parts.ts';

export interface RestMessage {
  readonly recipient_id: string;
  readonly text?: string;
  readonly buttons?: readonly ResponseButton[];
  readonly image?: string;
  readonly custom?: unknown;
  readonly attachment?: unknown;
}

/** Bot messages in order, each split into its parts (loops, not `flatMap`: this runs for every REST turn). */
export function toRestMessages(recipientId: string, messages: readonly BotMessage[]): RestMessage[] {
  const out: RestMessage[] = [];
  for (const message of messages) {
    for (const part of messageParts(message)) {
      switch (part.kind) {
        case 'text':
          for (const text of paragraphs(part.text)) out.push({ recipient_id: recipientId, text });
          break;
        case 'buttons':
          out.push({ recipient_id: recipientId, text: part.text, buttons: part.buttons });
          break;
        case 'custom':
          out.push({ recipient_id: recipientId, custom: part.custom });
          break;
        case 'image':
          out.push({ recipient_id: recipientId, image: part.image });
          break;
        case 'attachment':
          out.push({ recipient_id: recipientId, attachment: part.attachment });
          break;
      }
    }
  }
  return out;
}

/** A streamed piece of a response (`?stream=true&chunks=true`); `text_chunk` rather than `text` so it is never taken for a message. */
export interface RestChunk {
  readonly recipient_id: string;
  readonly text_chunk: string;
  readonly response_id: string;
  readonly last: boolean;
}

export function toRestChunk(recipientId: string, chunk: TextChunk): RestChunk {
  return { recipient_id: recipientId, text_chunk: chunk.text, response_id: chunk.responseId, last: chunk.last };
}
