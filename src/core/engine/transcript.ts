/**
 * "USER: …" / "AI: …" transcripts of the latest turns (Rasa `tracker_as_readable_transcript`).
 * @module
 */
import type { Event } from '../events.ts';

export function transcript(events: readonly Event[], maxTurns: number): string {
  const lines: string[] = [];
  for (let i = events.length - 1; i >= 0 && lines.length < maxTurns * 2; i--) {
    const e = events[i]!;
    if (e.event === 'user' && e.text) lines.push(`USER: ${e.text}`);
    else if (e.event === 'bot' && e.text) lines.push(`AI: ${e.text}`);
  }
  return lines.reverse().join('\n');
}
