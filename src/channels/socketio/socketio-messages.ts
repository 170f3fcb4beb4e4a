/**
 * Bot messages in the format of Rasa's `SocketIOOutput`, which the Rasa web chat widget renders:
 * buttons become `quick_replies` on the last paragraph, images an image attachment.
 * @module
 */
import type { BotMessage } from '../../core/events.ts';
import { messageParts, paragraphs } from '../message-parts.ts';

export type SocketIoMessage = Readonly<Record<string, unknown>>;

export function toSocketIoMessages(message: BotMessage): SocketIoMessage[] {
  return messageParts(message).flatMap((part): SocketIoMessage[] => {
    switch (part.kind) {
      case 'text':
        return paragraphs(part.text).map((text) => ({ text }));
      case 'buttons': {
        const texts = paragraphs(part.text);
        const quickReplies = part.buttons.map((button) => ({ content_type: 'text', title: button.title, payload: button.payload ?? button.title }));
        return texts.map((text, i) => ({ text, quick_replies: i === texts.length - 1 ? quickReplies : [] }));
      }
      case 'custom':
        // Rasa emits a custom payload's `data` when it has one, else the payload itself.
        return [hasData(part.custom) ? part.custom.data : (part.custom as SocketIoMessage)];
      case 'image':
        return [{ attachment: { type: 'image', payload: { src: part.image } } }];
      case 'attachment':
        return [{ attachment: part.attachment }];
    }
  });
}

function hasData(custom: unknown): custom is { data: SocketIoMessage } {
  return typeof custom === 'object' && custom !== null && 'data' in custom;
}
