import { describe, expect, it } from 'vitest';
import { parseHttpDate } from './http-date.js';

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);
const IN_2026 = Date.UTC(2026, 11, 8);

describe('parseHttpDate (RFC 9110 §5.6.7)', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime, a one-digit day', 'Sun Nov  6 08:49:37 1994'],
    ['asctime, a two-digit day', 'Sun Nov 06 08:49:37 1994'],
  ])('reads %s', (_form, value) => {
    expect(parseHttpDate(value, IN_2026)).toBe(NOV_6_1994);
  });

  it.each([
    ['a number', '1'],
    ['zero', '0'],
    ['a number after words', 'not a date 5'],
    ['ISO 8601', '2026-12-08T01:00:00Z'],
    ['a day name alone', 'Tuesday'],
    ['another zone', 'Sun, 06 Nov 1994 08:49:37 +0000'],
    ['lower-case month', 'Sun, 06 nov 1994 08:49:37 GMT'],
    ['a misspelt day name', 'Sux, 06 Nov 1994 08:49:37 GMT'],
    ['a one-digit day in IMF-fixdate', 'Sun, 6 Nov 1994 08:49:37 GMT'],
    ['text after it', 'Sun, 06 Nov 1994 08:49:37 GMT x'],
    ['whitespace around it', ' Sun, 06 Nov 1994 08:49:37 GMT'],
    ['the 31st of April', 'Thu, 31 Apr 2025 00:00:00 GMT'],
    ['the 29th of February in a common year', 'Sat, 29 Feb 2025 00:00:00 GMT'],
    ['hour 24', 'Sun, 06 Nov 1994 24:00:00 GMT'],
    ['minute 60', 'Sun, 06 Nov 1994 08:60:00 GMT'],
    ['Date.toString()', 'Sun Nov 06 1994 08:49:37 GMT+0000 (Coordinated Universal Time)'],
    ['the empty string', ''],
  ])('refuses %s', (_case, value) => {
    expect(parseHttpDate(value, IN_2026)).toBeUndefined();
  });

  it('reads the 29th of February of a leap year, and a leap second as :59', () => {
    expect(parseHttpDate('Thu, 29 Feb 2024 00:00:00 GMT')).toBe(Date.UTC(2024, 1, 29));
    expect(parseHttpDate('Wed, 31 Dec 2016 23:59:60 GMT')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59));
  });

  it('reads an RFC 850 year as the century that puts it at most 50 years ahead', () => {
    expect(parseHttpDate('Friday, 01-Jan-76 00:00:00 GMT', IN_2026)).toBe(Date.UTC(2076, 0, 1));
    expect(parseHttpDate('Friday, 01-Jan-77 00:00:00 GMT', IN_2026)).toBe(Date.UTC(1977, 0, 1));
  });
});
