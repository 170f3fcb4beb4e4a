/**
 * Dates in user messages via chrono-node ("next friday", "March 5th", "tomorrow").
 * @module
 */
// English only: the package root also loads fifteen other locales (~250 files) at start.
import * as chrono from 'chrono-node/en';

/** The first date mentioned, as an ISO calendar date `YYYY-MM-DD` (in the reference's local time zone). */
export function parseDate(text: string, reference: Date = new Date()): string | undefined {
  const date = chrono.parseDate(text, reference, { forwardDate: true });
  if (!date) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether a text slot holds a date, judged by its name or description. */
export function isDateSlot(name: string, description = ''): boolean {
  return /\b(date|day|birthday|deadline)\b|_date\b|^date_/i.test(`${name.replace(/_/g, ' ')} ${name} ${description}`);
}
