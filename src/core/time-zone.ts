/**
 * IANA time zone names, as `include_date_time`/`timezone` settings take them (Rasa checks them with
 * `ZoneInfo`).
 * @module
 */

/** Whether `timeZone` is an IANA name this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
