/**
 * The HTTP-date a `Last-Modified` or `Retry-After` must be (RFC 9110 §5.6.7), parsed strictly:
 * `Date.parse` takes `1`, `0` or an ISO 8601 string as a date, and such a value sent back as
 * `If-Unmodified-Since` guards nothing (a server must ignore a precondition it cannot parse).
 *
 * @module
 */

const DAY = '(?<day>\\d\\d)';
const MONTH = '(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(?<hour>\\d\\d):(?<minute>\\d\\d):(?<second>\\d\\d)';
const SHORT_DAY_NAME = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY_NAME = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';

/** The three forms, each with named groups `day`, `month`, `year`, `hour`, `minute`, `second`. */
const FORMS: readonly { readonly pattern: RegExp; readonly twoDigitYear: boolean }[] = [
  // Sun, 06 Nov 1994 08:49:37 GMT — IMF-fixdate, the form senders use.
  {
    pattern: new RegExp(`^${SHORT_DAY_NAME}, ${DAY} ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
    twoDigitYear: false,
  },
  // Sunday, 06-Nov-94 08:49:37 GMT — obsolete (RFC 850), still to be accepted.
  {
    pattern: new RegExp(`^${LONG_DAY_NAME}, ${DAY}-${MONTH}-(?<year>\\d\\d) ${TIME} GMT$`),
    twoDigitYear: true,
  },
  // Sun Nov  6 08:49:37 1994 — obsolete (ANSI C's asctime), still to be accepted.
  {
    pattern: new RegExp(`^${SHORT_DAY_NAME} ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`),
    twoDigitYear: false,
  },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What one of the FORMS matched. */
interface DateFields {
  readonly day: string;
  readonly month: string;
  readonly year: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
}

/**
 * The moment `fields` name, in milliseconds since the epoch; `undefined` when they name none (the
 * 31st of April, hour 24). A leap second (`:60`) counts as `:59`. The day name is not checked against
 * the date: RFC 9110 asks recipients to be robust when parsing timestamps.
 */
function moment(fields: DateFields, year: number): number | undefined {
  const [day, hour, minute, second] = [fields.day, fields.hour, fields.minute, fields.second].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, MONTHS.indexOf(fields.month), day);
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, Math.min(second, 59));
  return date.getTime();
}

/**
 * A two-digit RFC 850 year: the century that puts it no more than 50 years ahead of `now`
 * (RFC 9110 §5.6.7).
 */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = thisYear - (thisYear % 100) + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}

/**
 * Parses an HTTP-date in the three forms a recipient must accept (RFC 9110 §5.6.7): IMF-fixdate, and
 * the obsolete RFC 850 and asctime forms. Anything else — a number, ISO 8601, a date in another
 * zone, extra text around it — is `undefined`.
 *
 * @param now - what an RFC 850 two-digit year is read against, in milliseconds since the epoch
 * @returns milliseconds since the epoch, or `undefined` when `value` is not one HTTP-date.
 */
export function parseHttpDate(value: string, now = Date.now()): number | undefined {
  for (const { pattern, twoDigitYear } of FORMS) {
    const fields = pattern.exec(value)?.groups as DateFields | undefined;
    if (fields === undefined) continue;
    const year = Number(fields.year);
    return moment(fields, twoDigitYear ? fullYear(year, now) : year);
  }
  return undefined;
}
