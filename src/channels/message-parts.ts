/**
 * Splits a bot message into the parts Rasa's `OutputChannel.send_response` dispatches, in its order:
 * text (with buttons), custom payload, image, attachment. Each channel formats the parts its own way.
 * @module
 */
import type { ResponseButton } from '../core/domain.ts';
import type { BotMessage } from '../core/events.ts';

export type MessagePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'buttons'; readonly text: string; readonly buttons: readonly ResponseButton[] }
  | { readonly kind: 'custom'; readonly custom: unknown }
  | { readonly kind: 'image'; readonly image: string }
  | { readonly kind: 'attachment'; readonly attachment: unknown };

export function messageParts(message: BotMessage): MessagePart[] {
  const parts: MessagePart[] = [];
  if (message.buttons && message.buttons.length > 0) parts.push({ kind: 'buttons', text: message.text ?? '', buttons: message.buttons });
  else if (message.text) parts.push({ kind: 'text', text: message.text });
  if (message.custom !== undefined && message.custom !== null) parts.push({ kind: 'custom', custom: message.custom });
  if (message.image) parts.push({ kind: 'image', image: message.image });
  if (message.attachment !== undefined && message.attachment !== null) parts.push({ kind: 'attachment', attachment: message.attachment });
  return parts;
}

/** Rasa sends paragraphs (separated by a blank line) as separate messages. */
export function paragraphs(text: string): string[] {
  return text.trim().split('\n\n');
}
