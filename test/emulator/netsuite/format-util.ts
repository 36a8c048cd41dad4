/** Date/number formatting with the user's preferences (N/format conventions; also used for search values). */
import { str } from './text';

export interface FormatPreferences {
  /** Tokens: M, MM, D, DD, YYYY, MON (Jan). NetSuite default for US accounts is M/D/YYYY. */
  dateFormat: string;
  /** Tokens: h, hh, H, HH, mm, ss, a. NetSuite default is h:mm a (e.g. 3:04 pm). */
  timeFormat: string;
  /** IANA zone used to show and parse dates, like the user's Time Zone preference. */
  timeZone: string;
}

export const DEFAULT_FORMAT: FormatPreferences = { dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'America/Los_Angeles' };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ZonedParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  let fmt = formatters.get(timeZone);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** The UTC instant at which the wall-clock time `parts` occurs in `timeZone`. */
export function zonedToUtc(parts: ZonedParts, timeZone: string): Date {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  let utc = guess;
  for (let i = 0; i < 2; i++) {
    const seen = zonedParts(new Date(utc), timeZone);
    const seenMs = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
    utc += guess - seenMs;
  }
  return new Date(utc);
}

const pad = (n: number, w = 2): string => str(n).padStart(w, '0');

export function formatDate(date: Date, prefs: FormatPreferences): string {
  const p = zonedParts(date, prefs.timeZone);
  return prefs.dateFormat.replace(/YYYY|MON|MM|M|DD|D/g, (t) => {
    switch (t) {
      case 'YYYY': return str(p.year);
      case 'MON': return MONTHS[p.month - 1]!;
      case 'MM': return pad(p.month);
      case 'M': return str(p.month);
      case 'DD': return pad(p.day);
      default: return str(p.day);
    }
  });
}

export function formatTime(date: Date, prefs: FormatPreferences, withSeconds = false): string {
  const p = zonedParts(date, prefs.timeZone);
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  let fmt = prefs.timeFormat;
  if (withSeconds && !fmt.includes('ss')) fmt = fmt.replace('mm', 'mm:ss');
  return fmt.replace(/hh|h|HH|H|mm|ss|a/g, (t) => {
    switch (t) {
      case 'hh': return pad(h12);
      case 'h': return str(h12);
      case 'HH': return pad(p.hour);
      case 'H': return str(p.hour);
      case 'mm': return pad(p.minute);
      case 'ss': return pad(p.second);
      default: return p.hour < 12 ? 'am' : 'pm';
    }
  });
}

export function formatDateTime(date: Date, prefs: FormatPreferences, withSeconds = false): string {
  return `${formatDate(date, prefs)} ${formatTime(date, prefs, withSeconds)}`;
}

/** Parses a string written in the user's date (and optional time) format; undefined when it does not match. */
export function parseDateTime(text: string, prefs: FormatPreferences): Date | undefined {
  const tokens: string[] = [];
  const datePattern = prefs.dateFormat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/YYYY|MON|MM|M|DD|D/g, (t) => {
    tokens.push(t);
    return t === 'YYYY' ? '(\\d{4})' : t === 'MON' ? '([A-Za-z]{3})' : '(\\d{1,2})';
  });
  const re = new RegExp(`^\\s*${datePattern}(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([aApP][mM])?)?\\s*$`);
  const m = re.exec(text);
  if (!m) return undefined;
  const parts: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  tokens.forEach((t, i) => {
    const v = m[i + 1]!;
    if (t === 'YYYY') parts.year = Number(v);
    else if (t === 'MON') parts.month = MONTHS.findIndex((x) => x.toLowerCase() === v.toLowerCase()) + 1;
    else if (t.startsWith('M')) parts.month = Number(v);
    else parts.day = Number(v);
  });
  const base = tokens.length;
  if (m[base + 1] !== undefined) {
    let hour = Number(m[base + 1]);
    const ampm = m[base + 4]?.toLowerCase();
    if (ampm === 'pm' && hour < 12) hour += 12;
    if (ampm === 'am' && hour === 12) hour = 0;
    parts.hour = hour;
    parts.minute = Number(m[base + 2]);
    parts.second = m[base + 3] !== undefined ? Number(m[base + 3]) : 0;
  }
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31) return undefined;
  return zonedToUtc(parts, prefs.timeZone);
}

/** yyyy-mm-dd of the date as the user sees it: what search operators like `on` compare. */
export function dayKey(date: Date, prefs: FormatPreferences): string {
  const p = zonedParts(date, prefs.timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}
