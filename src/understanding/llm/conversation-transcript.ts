/**
 * The conversation as the prompt shows it: `USER: …` / `AI: …` lines, oldest first.
 * @module
 */
import type { Event } from '../../core/events.ts';

/** Messages kept (Rasa shows the last 20). */
export const TRANSCRIPT_MAX_MESSAGES = 20;

/** Transcript of `events`, ending with the message being understood (not yet an event). */
export function conversationTranscript(events: readonly Event[], latestUserText: string, maxMessages = TRANSCRIPT_MAX_MESSAGES): string {
  const lines: string[] = [];
  for (const event of events) {
    if (event.event === 'user' && event.text) lines.push(`USER: ${event.text}`);
    else if (event.event === 'bot' && event.text) lines.push(`AI: ${event.text}`);
    else if (event.event === 'restart') lines.length = 0;
  }
  lines.push(`USER: ${latestUserText}`);
  return lines.slice(-maxMessages).join('\n');
}
