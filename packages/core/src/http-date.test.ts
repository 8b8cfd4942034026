import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatHttpDate, parseHttpDate, parseHttpDateMillis, toEpochSeconds } from './http-date.js';

const RFC_EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);
/** RFC 850 dates carry two-digit years, read relative to today (RFC 9110 §5.6.7): today is pinned. */
const TODAY = Date.UTC(2026, 10, 25, 12);

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: TODAY });
});
afterAll(() => {
  vi.useRealTimers();
});

describe('parseHttpDateMillis: the three formats of RFC 9110 §5.6.7', () => {
  afterEach(() => {
    vi.setSystemTime(TODAY);
  });

  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime', 'Sun Nov  6 08:49:37 1994'],
  ])('reads the %s example of the RFC', (_, value) => {
    expect(parseHttpDateMillis(value)).toBe(RFC_EXAMPLE);
    expect(parseHttpDate(value)?.toISOString()).toBe('1994-11-06T08:49:37.000Z');
  });

  it('reads asctime with a two-digit day, with or without a leading zero', () => {
    expect(parseHttpDateMillis('Wed Nov 16 08:49:37 1994')).toBe(Date.UTC(1994, 10, 16, 8, 49, 37));
    expect(parseHttpDateMillis('Sun Nov 06 08:49:37 1994')).toBe(RFC_EXAMPLE);
  });

  it('ignores whitespace around the date', () => {
    expect(parseHttpDateMillis('  Sun, 06 Nov 1994 08:49:37 GMT\t')).toBe(RFC_EXAMPLE);
  });

  it('reads every month and day name', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    months.forEach((month, index) => {
      expect(parseHttpDateMillis(`Mon, 01 ${month} 2001 00:00:00 GMT`)).toBe(Date.UTC(2001, index, 1));
    });
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) {
      expect(parseHttpDateMillis(`${day}, 06 Nov 1994 08:49:37 GMT`)).toBe(RFC_EXAMPLE);
    }
  });

  it('reads the leap day of leap years only', () => {
    expect(parseHttpDateMillis('Thu, 29 Feb 1996 00:00:00 GMT')).toBe(Date.UTC(1996, 1, 29));
    expect(parseHttpDateMillis('Tue, 29 Feb 2000 00:00:00 GMT')).toBe(Date.UTC(2000, 1, 29));
    expect(parseHttpDateMillis('Tue, 29 Feb 1994 00:00:00 GMT')).toBeUndefined();
    expect(parseHttpDateMillis('Thu, 29 Feb 1900 00:00:00 GMT')).toBeUndefined();
  });

  it('reads years below 100 as written, not as 19xx', () => {
    expect(parseHttpDate('Thu, 01 Jan 0099 00:00:00 GMT')?.getUTCFullYear()).toBe(99);
  });

  it('reads a leap second as the last second of its minute', () => {
    expect(parseHttpDateMillis('Sat, 31 Dec 2016 23:59:60 GMT')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59));
  });

  it('reads a two-digit RFC 850 year within 50 years of today', () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')?.getUTCFullYear()).toBe(1994);
    expect(parseHttpDate('Saturday, 01-Jan-00 00:00:00 GMT')?.getUTCFullYear()).toBe(2000);
    expect(parseHttpDate('Wednesday, 15-Jun-77 00:00:00 GMT')?.getUTCFullYear()).toBe(1977);
    expect(parseHttpDate('Friday, 01-Jan-27 00:00:00 GMT')?.getUTCFullYear()).toBe(2027);
    expect(parseHttpDate('Wednesday, 01-Jan-76 00:00:00 GMT')?.getUTCFullYear()).toBe(2076);
  });

  it('reads an RFC 850 date more than 50 years in the future as the most recent past year with those digits', () => {
    // Today is 2026-11-25T12:00Z: 2076-11-25T11:00Z is just under 50 years ahead, 13:00 that day
    // just over.
    expect(parseHttpDateMillis('Wednesday, 25-Nov-76 11:00:00 GMT')).toBe(Date.UTC(2076, 10, 25, 11));
    expect(parseHttpDateMillis('Wednesday, 25-Nov-76 13:00:00 GMT')).toBe(Date.UTC(1976, 10, 25, 13));
    expect(parseHttpDateMillis('Thursday, 31-Dec-76 00:00:00 GMT')).toBe(Date.UTC(1976, 11, 31));
  });

  it('reads a two-digit RFC 850 year relative to the current date', () => {
    vi.setSystemTime(Date.UTC(2094, 0, 1));
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')?.getUTCFullYear()).toBe(2094);
  });

  it.each([
    ['the empty string', ''],
    ['garbage', 'yesterday'],
    ['epoch seconds', '784111777'],
    ['an ISO 8601 date', '1994-11-06T08:49:37Z'],
    ['a lower-case day and month', 'sun, 06 nov 1994 08:49:37 GMT'],
    ['an upper-case month', 'Sun, 06 NOV 1994 08:49:37 GMT'],
    ['a lower-case gmt', 'Sun, 06 Nov 1994 08:49:37 gmt'],
    ['a time zone other than GMT', 'Sun, 06 Nov 1994 08:49:37 UTC'],
    ['a numeric zone offset', 'Sun, 06 Nov 1994 08:49:37 +0000'],
    ['February 30', 'Wed, 30 Feb 1994 08:49:37 GMT'],
    ['April 31', 'Sun, 31 Apr 1994 08:49:37 GMT'],
    ['day 00', 'Sun, 00 Nov 1994 08:49:37 GMT'],
    ['day 32', 'Sun, 32 Nov 1994 08:49:37 GMT'],
    ['hour 24', 'Sun, 06 Nov 1994 24:00:00 GMT'],
    ['minute 60', 'Sun, 06 Nov 1994 08:60:37 GMT'],
    ['second 61', 'Sun, 06 Nov 1994 08:49:61 GMT'],
    ['trailing junk', 'Sun, 06 Nov 1994 08:49:37 GMT junk'],
    ['a trailing character glued on', 'Sun, 06 Nov 1994 08:49:37 GMTx'],
    ['leading junk', 'x Sun, 06 Nov 1994 08:49:37 GMT'],
    ['a one-digit day in IMF-fixdate', 'Sun, 6 Nov 1994 08:49:37 GMT'],
    ['a two-digit year in IMF-fixdate', 'Sun, 06 Nov 94 08:49:37 GMT'],
    ['a one-digit hour', 'Sun, 06 Nov 1994 8:49:37 GMT'],
    ['a missing seconds field', 'Sun, 06 Nov 1994 08:49 GMT'],
    ['a misspelt day name', 'Snu, 06 Nov 1994 08:49:37 GMT'],
    ['a long day name in IMF-fixdate', 'Sunday, 06 Nov 1994 08:49:37 GMT'],
    ['a four-digit year in RFC 850', 'Sunday, 06-Nov-1994 08:49:37 GMT'],
    ['a short day name in RFC 850', 'Sun, 06-Nov-94 08:49:37 GMT'],
    ['a lower-case long day name', 'sunday, 06-Nov-94 08:49:37 GMT'],
    ['an asctime date with GMT', 'Sun Nov  6 08:49:37 1994 GMT'],
    ['an asctime date with a one-digit day and no padding', 'Sun Nov 6 08:49:37 1994'],
    ['non-digits in the year', 'Sun, 06 Nov 19x4 08:49:37 GMT'],
    ['a list of two dates', 'Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT'],
    ['a very long value', `Sun, 06 Nov 1994 08:49:37 GMT${' '.repeat(100)}x`],
  ])('rejects %s', (_, value) => {
    expect(parseHttpDateMillis(value)).toBeUndefined();
    expect(parseHttpDate(value)).toBeUndefined();
  });

  it('rejects a value that is not a string', () => {
    for (const value of [undefined, null, 784111777, new Date(RFC_EXAMPLE), {}]) {
      expect(parseHttpDateMillis(value as unknown as string)).toBeUndefined();
    }
  });

  it('never throws and returns whole seconds or undefined, whatever the input', () => {
    const dateAlphabet = fc.string({
      unit: fc.constantFrom(...'SunMoNvFebGMT, -:0123456789 '.split('')),
      maxLength: 32,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), dateAlphabet), (value) => {
        const millis = parseHttpDateMillis(value);
        expect(millis === undefined || (Number.isInteger(millis) && millis % 1000 === 0)).toBe(true);
      }),
    );
  });
});

describe('formatHttpDate', () => {
  it('produces the IMF-fixdate of a Date or of epoch milliseconds', () => {
    expect(formatHttpDate(new Date(RFC_EXAMPLE))).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(formatHttpDate(RFC_EXAMPLE)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });

  it('truncates to the second', () => {
    expect(formatHttpDate(RFC_EXAMPLE + 999)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(formatHttpDate(-1)).toBe('Wed, 31 Dec 1969 23:59:59 GMT');
  });

  it('pads the day, the time and a year below 1000', () => {
    expect(formatHttpDate(Date.UTC(2001, 0, 2, 3, 4, 5))).toBe('Tue, 02 Jan 2001 03:04:05 GMT');
    expect(formatHttpDate(parseHttpDateMillis('Thu, 01 Jan 0099 00:00:00 GMT') as number)).toBe(
      'Thu, 01 Jan 0099 00:00:00 GMT',
    );
  });

  it('throws a RangeError for an invalid date', () => {
    expect(() => formatHttpDate(Number.NaN)).toThrow(RangeError);
    expect(() => formatHttpDate(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => formatHttpDate(new Date('nonsense'))).toThrow(RangeError);
    expect(() => formatHttpDate(8.64e15 + 1000)).toThrow(RangeError);
  });

  const imfYears = fc.date({
    min: new Date('0000-01-01T00:00:00.000Z'),
    max: new Date('9999-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  });

  it('always produces the IMF-fixdate shape', () => {
    const shape =
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
    fc.assert(
      fc.property(imfYears, (date) => {
        expect(formatHttpDate(date)).toMatch(shape);
      }),
    );
  });

  it('round-trips through parseHttpDateMillis to the same second', () => {
    fc.assert(
      fc.property(imfYears, (date) => {
        const time = date.getTime();
        expect(parseHttpDateMillis(formatHttpDate(date))).toBe(time - (((time % 1000) + 1000) % 1000));
      }),
    );
  });

  it('formats a parsed RFC 850 or asctime date as the equivalent IMF-fixdate', () => {
    const asctime = parseHttpDateMillis('Sun Nov  6 08:49:37 1994') as number;
    const rfc850 = parseHttpDateMillis('Sunday, 06-Nov-94 08:49:37 GMT') as number;
    expect(formatHttpDate(asctime)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(formatHttpDate(rfc850)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });
});

describe('toEpochSeconds', () => {
  it('reads a Date, epoch milliseconds and an HTTP-date string as whole seconds', () => {
    const seconds = RFC_EXAMPLE / 1000;
    expect(toEpochSeconds(new Date(RFC_EXAMPLE + 999))).toBe(seconds);
    expect(toEpochSeconds(RFC_EXAMPLE + 500)).toBe(seconds);
    expect(toEpochSeconds('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(seconds);
    expect(toEpochSeconds('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(seconds);
    expect(toEpochSeconds(-1)).toBe(-1);
  });

  it('returns undefined for a missing or invalid value', () => {
    for (const value of [
      undefined,
      null,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      new Date('nonsense'),
      'yesterday',
      '',
      8.64e15 + 1000,
    ]) {
      expect(toEpochSeconds(value)).toBeUndefined();
    }
  });
});
