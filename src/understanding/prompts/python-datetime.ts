/**
 * `current_datetime` for prompt templates: Rasa passes a timezone-aware Python `datetime`, and
 * templates call its methods (`current_datetime.strftime('%A, %d %B %Y')`, `.isoformat()`,
 * `.year`, `.weekday()`, `.date()`). This object answers the same, and prints as `str(datetime)`.
 * @module
 */

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epochMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** A Python `date`: the calendar day of a `PyDateTime`. */
export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}

  /** Monday is 0, as in Python. */
  weekday(): number {
    return (new Date(Date.UTC(this.year, this.month - 1, this.day)).getUTCDay() + 6) % 7;
  }

  isoweekday(): number {
    return this.weekday() + 1;
  }

  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }

  strftime(format: string): string {
    return strftime(format, { ...this.fields(), hour: 0, minute: 0, second: 0, microsecond: 0, weekday: this.weekday(), offsetMinutes: undefined, zone: '' });
  }

  toString(): string {
    return this.isoformat();
  }

  protected fields(): { year: number; month: number; day: number } {
    return { year: this.year, month: this.month, day: this.day };
  }
}

/** A timezone-aware Python `datetime` for one instant in one IANA time zone. */
export class PyDateTime extends PyDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  private readonly offsetMinutes: number;

  constructor(
    private readonly epochMs: number,
    readonly timeZone: string,
  ) {
    const wall = wallClock(epochMs, timeZone);
    super(wall.year, wall.month, wall.day);
    this.hour = wall.hour;
    this.minute = wall.minute;
    this.second = wall.second;
    this.microsecond = (((epochMs % 1000) + 1000) % 1000) * 1000;
    const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
    this.offsetMinutes = Math.round((wallMs - (epochMs - (epochMs % 1000))) / 60_000);
  }

  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }

  timestamp(): number {
    return this.epochMs / 1000;
  }

  tzname(): string {
    return this.timeZone;
  }

  override isoformat(sep = 'T'): string {
    const fraction = this.microsecond > 0 ? `.${pad(this.microsecond, 6)}` : '';
    return `${super.isoformat()}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${fraction}${formatOffset(this.offsetMinutes, ':')}`;
  }

  override strftime(format: string): string {
    return strftime(format, {
      ...this.fields(),
      hour: this.hour,
      minute: this.minute,
      second: this.second,
      microsecond: this.microsecond,
      weekday: this.weekday(),
      offsetMinutes: this.offsetMinutes,
      zone: this.timeZone,
    });
  }

  /** Python's `str(datetime)`: the ISO form with a space between date and time. */
  override toString(): string {
    return this.isoformat(' ');
  }
}

function formatOffset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

interface StrftimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  weekday: number;
  offsetMinutes: number | undefined;
  zone: string;
}

function dayOfYear(f: StrftimeFields): number {
  return Math.round((Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86_400_000) + 1;
}

/** Python `strftime` directives (C locale); `%-d`-style unpadded forms as glibc has them. */
function strftime(format: string, f: StrftimeFields): string {
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const directives: Record<string, () => string> = {
    Y: () => pad(f.year, 4),
    y: () => pad(f.year % 100),
    m: () => pad(f.month),
    d: () => pad(f.day),
    e: () => String(f.day).padStart(2, ' '),
    H: () => pad(f.hour),
    I: () => pad(hour12),
    M: () => pad(f.minute),
    S: () => pad(f.second),
    f: () => pad(f.microsecond, 6),
    p: () => (f.hour < 12 ? 'AM' : 'PM'),
    A: () => DAYS[f.weekday]!,
    a: () => DAYS[f.weekday]!.slice(0, 3),
    B: () => MONTHS[f.month - 1]!,
    b: () => MONTHS[f.month - 1]!.slice(0, 3),
    h: () => MONTHS[f.month - 1]!.slice(0, 3),
    j: () => pad(dayOfYear(f), 3),
    w: () => String((f.weekday + 1) % 7),
    u: () => String(f.weekday + 1),
    z: () => (f.offsetMinutes === undefined ? '' : formatOffset(f.offsetMinutes, '')),
    Z: () => (f.offsetMinutes === undefined ? '' : f.zone),
    F: () => `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`,
    T: () => `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`,
    R: () => `${pad(f.hour)}:${pad(f.minute)}`,
    D: () => `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`,
    x: () => `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`,
    X: () => `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`,
    c: () => `${DAYS[f.weekday]!.slice(0, 3)} ${MONTHS[f.month - 1]!.slice(0, 3)} ${String(f.day).padStart(2, ' ')} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)} ${f.year}`,
    '%': () => '%',
  };
  return format.replace(/%(-?)(.)/g, (match, unpadded: string, code: string) => {
    const directive = directives[code];
    if (!directive) return match;
    const value = directive();
    return unpadded ? value.replace(/^[0 ]+(?=.)/, '') : value;
  });
}
