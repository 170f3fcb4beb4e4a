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

export function toRestMessages(recipientId: string, message: BotMessage): RestMessage[] {
  return messageParts(message).flatMap((part): RestMessage[] => {
    switch (part.kind) {
      case 'text':
        return paragraphs(part.text).map((text) => ({ recipient_id: recipientId, text }));
      case 'buttons':
        return [{ recipient_id: recipientId, text: part.text, buttons: part.buttons }];
      case 'custom':
        return [{ recipient_id: recipientId, custom: part.custom }];
      case 'image':
        return [{ recipient_id: recipientId, image: part.image }];
      case 'attachment':
        return [{ recipient_id: recipientId, attachment: part.attachment }];
    }
  });
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
