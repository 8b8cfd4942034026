import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HeaderRecord } from './request-fields.js';
import { readConditionalFields } from './request-fields.js';

const NONE = {
  ifMatch: undefined,
  ifNoneMatch: undefined,
  ifModifiedSince: undefined,
  ifUnmodifiedSince: undefined,
  ifRange: undefined,
  range: undefined,
};

const ALL_SIX = {
  'if-match': '"a"',
  'if-none-match': '"b"',
  'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT',
  'if-unmodified-since': 'Mon, 07 Nov 1994 08:49:37 GMT',
  'if-range': '"c"',
  range: 'bytes=0-9',
};

const ALL_SIX_FIELDS = {
  ifMatch: '"a"',
  ifNoneMatch: '"b"',
  ifModifiedSince: 'Sun, 06 Nov 1994 08:49:37 GMT',
  ifUnmodifiedSince: 'Mon, 07 Nov 1994 08:49:37 GMT',
  ifRange: '"c"',
  range: 'bytes=0-9',
};

describe('readConditionalFields from a Fetch Headers', () => {
  it('reads the six conditional fields', () => {
    expect(readConditionalFields(new Headers(ALL_SIX))).toEqual(ALL_SIX_FIELDS);
  });

  it('reports absent fields as undefined', () => {
    expect(readConditionalFields(new Headers({ accept: 'text/html' }))).toEqual(NONE);
  });

  it('joins repeated field lines with a comma', () => {
    const headers = new Headers();
    headers.append('If-None-Match', '"a"');
    headers.append('if-none-match', 'W/"b", "c"');
    expect(readConditionalFields(headers).ifNoneMatch).toBe('"a", W/"b", "c"');
  });

  it('keeps a field that is present but empty', () => {
    expect(readConditionalFields(new Headers({ 'if-match': '' })).ifMatch).toBe('');
  });
});

describe('readConditionalFields from a Node-style record', () => {
  it('reads the six conditional fields under lower-case names', () => {
    expect(readConditionalFields(ALL_SIX)).toEqual(ALL_SIX_FIELDS);
  });

  it('matches field names case-insensitively', () => {
    expect(
      readConditionalFields({
        'If-Match': '"a"',
        'IF-NONE-MATCH': '"b"',
        'If-Modified-Since': 'Sun, 06 Nov 1994 08:49:37 GMT',
        'if-Unmodified-since': 'Mon, 07 Nov 1994 08:49:37 GMT',
        'If-Range': '"c"',
        Range: 'bytes=0-9',
      }),
    ).toEqual(ALL_SIX_FIELDS);
  });

  it('joins an array of repeated field lines with a comma', () => {
    expect(readConditionalFields({ 'if-none-match': ['"a"', 'W/"b"', '"c"'] }).ifNoneMatch).toBe(
      '"a", W/"b", "c"',
    );
  });

  it('joins the same field given under two spellings', () => {
    const fields = readConditionalFields({ 'if-match': '"a"', 'If-Match': ['"b"', '"c"'] });
    expect(fields.ifMatch?.split(', ').sort()).toEqual(['"a"', '"b"', '"c"']);
  });

  it('ignores undefined values and unrelated fields', () => {
    expect(
      readConditionalFields({
        'if-match': undefined,
        'cache-control': 'no-cache',
        'if-matches': '"a"',
        'x-if-match': '"a"',
        ranges: 'bytes=0-1',
        'content-type': 'text/plain',
      }),
    ).toEqual(NONE);
  });

  it('reads nothing from a value that is not a header object', () => {
    for (const headers of [undefined, null, 'if-match: "a"', 42]) {
      expect(readConditionalFields(headers as unknown as HeaderRecord)).toEqual(NONE);
    }
  });

  it('reads the same fields whatever the case of the names', () => {
    const name = (lower: string) =>
      fc
        .array(fc.boolean(), { minLength: lower.length, maxLength: lower.length })
        .map((upper) => [...lower].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
    fc.assert(
      fc.property(
        fc.tuple(...Object.keys(ALL_SIX).map(name)),
        fc.dictionary(fc.string(), fc.string()),
        (names, extra) => {
          const record: Record<string, string> = { ...extra };
          for (const key of Object.keys(record)) if (key.toLowerCase() in ALL_SIX) delete record[key];
          const lower = { ...record };
          Object.entries(ALL_SIX).forEach(([key, value], i) => {
            lower[key] = value;
            record[names[i] as string] = value;
          });
          expect(readConditionalFields(record)).toEqual(readConditionalFields(lower));
          expect(readConditionalFields(record)).toEqual(ALL_SIX_FIELDS);
        },
      ),
    );
  });
});

describe('readConditionalFields on both header shapes', () => {
  it('reads the same fields from a Headers and from the equivalent record', () => {
    const headerValue = fc.string({
      unit: fc.constantFrom('"', 'W', '/', ',', ' ', '*', 'a', 'b', '\u00e9'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(ALL_SIX)), headerValue), (record) => {
        const headers = new Headers();
        for (const [key, value] of Object.entries(record)) headers.append(key, value);
        // Headers trims surrounding whitespace from values; compare with the same trimmed record.
        const trimmed = Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value.trim()]));
        expect(readConditionalFields(headers)).toEqual(readConditionalFields(trimmed));
      }),
    );
  });
});
