/**
 * HTTP-date parsing and formatting (RFC 9110 §5.6.7).
 *
 * Recipients must accept three formats; this parser reads each at fixed offsets, so it runs in
 * constant time whatever it is given. Day names and month names are case-sensitive, as the grammar
 * says. The day name is checked for spelling but not against the date: RFC 9110 asks recipients to
 * be robust when parsing timestamps, and Go's net/http and Django's parsers do the same.
 *
 * @module
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHORT_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LONG_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The largest time value a `Date` can hold (ECMA-262 §21.4.1.1); NaN and ±Infinity fail `<=` too. */
const MAX_TIME = 8.64e15;

const IMF_FIXDATE_LENGTH = 29; // Sun, 06 Nov 1994 08:49:37 GMT
const ASCTIME_LENGTH = 24; // Sun Nov  6 08:49:37 1994
const RFC850_TAIL_LENGTH = 24; // , 06-Nov-94 08:49:37 GMT (after the day name)

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - 0x30;
  return code >= 0 && code <= 9 ? code : Number.NaN;
}

function twoDigits(text: string, index: number): number {
  return digit(text, index) * 10 + digit(text, index + 1);
}

function fourDigits(text: string, index: number): number {
  return twoDigits(text, index) * 100 + twoDigits(text, index + 2);
}

function monthAt(text: string, index: number): number {
  return MONTHS.indexOf(text.slice(index, index + 3));
}

function daysInMonth(year: number, month: number): number {
  if (month === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 3 || month === 5 || month === 8 || month === 10 ? 30 : 31;
}

/** Reads `HH:MM:SS` at `index`; NaN when malformed. A leap second (:60) counts as :59. */
function timeAt(text: string, index: number): [number, number, number] | undefined {
  if (text[index + 2] !== ':' || text[index + 5] !== ':') return undefined;
  const hour = twoDigits(text, index);
  const minute = twoDigits(text, index + 3);
  const second = twoDigits(text, index + 6);
  if (!(hour <= 23 && minute <= 59 && second <= 60)) return undefined;
  return [hour, minute, Math.min(second, 59)];
}

function toMillis(
  year: number,
  month: number,
  day: number,
  time: [number, number, number],
): number | undefined {
  if (!(year >= 0 && month >= 0 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(time[0], time[1], time[2], 0);
  return date.getTime();
}

function parseImfFixdate(text: string): number | undefined {
  // Sun, 06 Nov 1994 08:49:37 GMT
  if (text.length !== IMF_FIXDATE_LENGTH || !SHORT_DAYS.includes(text.slice(0, 3))) return undefined;
  if (text[4] !== ' ' || text[7] !== ' ' || text[11] !== ' ' || text[16] !== ' ' || text[25] !== ' ')
    return undefined;
  if (!text.endsWith('GMT')) return undefined;
  const time = timeAt(text, 17);
  return time && toMillis(fourDigits(text, 12), monthAt(text, 8), twoDigits(text, 5), time);
}

function parseRfc850(text: string, comma: number): number | undefined {
  // Sunday, 06-Nov-94 08:49:37 GMT
  if (text.length !== comma + RFC850_TAIL_LENGTH || !LONG_DAYS.includes(text.slice(0, comma)))
    return undefined;
  const at = comma + 2; // the day of the month
  if (text[comma + 1] !== ' ' || text[at + 2] !== '-' || text[at + 6] !== '-' || text[at + 9] !== ' ')
    return undefined;
  if (text[at + 18] !== ' ' || !text.endsWith('GMT')) return undefined;
  const time = timeAt(text, at + 10);
  const shortYear = twoDigits(text, at + 7);
  if (!time || Number.isNaN(shortYear)) return undefined;
  // RFC 9110 §5.6.7: a timestamp more than 50 years in the future means the most recent past year
  // with those digits. The comparison is between moments, not years: in the year 50 years ahead,
  // only the dates past today's date are more than 50 years away.
  const now = new Date();
  const thisYear = now.getUTCFullYear();
  const year = thisYear - (thisYear % 100) + shortYear;
  const month = monthAt(text, at + 3);
  const day = twoDigits(text, at);
  const millis = toMillis(year, month, day, time);
  now.setUTCFullYear(thisYear + 50);
  return millis !== undefined && millis > now.getTime() ? toMillis(year - 100, month, day, time) : millis;
}

function parseAsctime(text: string): number | undefined {
  // Sun Nov  6 08:49:37 1994
  if (text.length !== ASCTIME_LENGTH || !SHORT_DAYS.includes(text.slice(0, 3))) return undefined;
  if (text[3] !== ' ' || text[7] !== ' ' || text[10] !== ' ' || text[19] !== ' ') return undefined;
  const day = text[8] === ' ' ? digit(text, 9) : twoDigits(text, 8);
  const time = timeAt(text, 11);
  return time && toMillis(fourDigits(text, 20), monthAt(text, 4), day, time);
}

/**
 * Parses an HTTP-date in any of the three formats a recipient must accept (RFC 9110 §5.6.7):
 * IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
 * (`Sunday, 06-Nov-94 08:49:37 GMT`) and ANSI C's asctime (`Sun Nov  6 08:49:37 1994`).
 *
 * @returns milliseconds since the epoch, or `undefined` for anything that is not exactly one
 *   HTTP-date (leading and trailing whitespace aside). Never throws.
 */
export function parseHttpDateMillis(value: string): number | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const text = value.trim();
  if (text[3] === ',') return parseImfFixdate(text);
  if (text[3] === ' ') return parseAsctime(text);
  const comma = text.indexOf(',');
  return comma > 0 ? parseRfc850(text, comma) : undefined;
}

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) into a `Date`; see {@link parseHttpDateMillis}.
 *
 * @example parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')?.toISOString() // '1994-11-06T08:49:37.000Z'
 */
export function parseHttpDate(value: string): Date | undefined {
  const millis = parseHttpDateMillis(value);
  return millis === undefined ? undefined : new Date(millis);
}

/**
 * The last two seconds formatted. A server sends the same Last-Modified over and over (every 200
 * and 304 of a resource until it changes) beside the `Date` of the current second, and
 * `toUTCString()` is about half of validator-first's own cost per request; two entries, keyed by
 * the second, let both skip it.
 */
const formatted: { second: number; text: string }[] = [
  { second: Number.NaN, text: '' },
  { second: Number.NaN, text: '' },
];

/**
 * Formats a moment as an IMF-fixdate (RFC 9110 §5.6.7), the only format a sender may generate,
 * truncated to whole seconds.
 *
 * @throws RangeError when given an invalid date: that is a programming error, not bad input.
 */
export function formatHttpDate(date: Date | number): string {
  const time = typeof date === 'number' ? date : date.getTime();
  const second = Math.floor(time / 1000);
  const [newer, older] = formatted as [{ second: number; text: string }, { second: number; text: string }];
  if (second === newer.second) return newer.text;
  if (second === older.second) return older.text;
  // Beyond ±8.64e15 ms a Date is invalid too, and toUTCString() would return 'Invalid Date'.
  if (!(Math.abs(time) <= MAX_TIME)) throw new RangeError('formatHttpDate: invalid date');
  const text = new Date(second * 1000).toUTCString();
  formatted[1] = newer;
  formatted[0] = { second, text };
  return text;
}

/**
 * Reads a Last-Modified value given as a `Date`, epoch milliseconds or an HTTP-date string and
 * returns whole seconds since the epoch (HTTP dates have one-second resolution), or `undefined`
 * when it is missing or invalid.
 */
export function toEpochSeconds(value: Date | number | string | undefined | null): number | undefined {
  let millis: number | undefined;
  if (typeof value === 'number') millis = value;
  else if (typeof value === 'string') millis = parseHttpDateMillis(value);
  else if (value instanceof Date) millis = value.getTime();
  return millis !== undefined && Math.abs(millis) <= MAX_TIME ? Math.floor(millis / 1000) : undefined;
}
