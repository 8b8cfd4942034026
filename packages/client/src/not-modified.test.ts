import { describe, expect, it } from 'vitest';
import { refreshedByNotModified } from './not-modified.js';

const date = 'Tue, 04 Nov 2025 10:00:00 GMT';
const later = 'Wed, 05 Nov 2025 10:00:00 GMT';
const entry = (etag: string | undefined, lastModified: string | undefined) => ({
  etag,
  lastModified,
  contentType: 'application/json',
  body: '{}',
});

describe('refreshedByNotModified (RFC 9111 §4.3.4)', () => {
  it.each([
    [
      'a new date for the same tag',
      entry('"1"', date),
      { etag: '"1"', lastModified: later },
      entry('"1"', later),
    ],
    [
      'nothing from a strong tag for a weak one',
      entry('W/"1"', date),
      { etag: '"1"', lastModified: later },
      entry('W/"1"', date),
    ],
    [
      'a tag for an entry with the same date',
      entry(undefined, date),
      { etag: '"1"', lastModified: date },
      entry('"1"', date),
    ],
    [
      'nothing from a 304 without validators',
      entry('"1"', date),
      { etag: undefined, lastModified: undefined },
      entry('"1"', date),
    ],
    [
      'nothing from a 304 naming another tag',
      entry('"1"', date),
      { etag: '"2"', lastModified: later },
      entry('"1"', date),
    ],
    [
      'nothing from a tag with another date',
      entry(undefined, date),
      { etag: '"1"', lastModified: later },
      entry(undefined, date),
    ],
  ])('%s', (_case, stored, fresh, expected) => {
    expect(refreshedByNotModified(stored, fresh)).toEqual(expected);
  });
});
