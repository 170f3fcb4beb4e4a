/**
 * What a voice-ready gateway speaks for a bot message, as Rasa's voice output channels do: emojis
 * removed, buttons read out concisely after the text ("Pick one. Yes, No"), images and attachments
 * left out (nothing can show them on a call).
 * @module
 */
import type { BotMessage } from '../../core/events.ts';
import { messageParts } from '../message-parts.ts';

/** Pictographs plus the joiners and variation selectors that build emoji sequences. */
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

export function withoutEmojis(text: string): string {
  return text.replace(EMOJI, '');
}

/** The texts to say for a message, one per text part; custom payloads are said when they carry `text`. */
export function spokenTexts(message: BotMessage): string[] {
  return messageParts(message).flatMap((part): string[] => {
    switch (part.kind) {
      case 'text':
        return [withoutEmojis(part.text)];
      case 'buttons':
        return [withoutEmojis(conciseButtons(part.text, part.buttons.map((b) => b.title)))];
      case 'custom': {
        const text = (part.custom as { text?: unknown } | null)?.text;
        return typeof text === 'string' && text.length > 0 ? [withoutEmojis(text)] : [];
      }
      case 'image':
      case 'attachment':
        return [];
    }
  });
}

/** Rasa's `send_text_with_buttons_concise`: end the sentence, then list the button titles. */
function conciseButtons(text: string, titles: readonly string[]): string {
  const trimmed = text.trim();
  const ended = trimmed.length === 0 || /[.!?:]$/.test(trimmed) ? text : `${text}.`;
  return `${ended} ${titles.join(', ')}`;
}
