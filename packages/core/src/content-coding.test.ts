import { describe, expect, it } from 'vitest';
import {
  codedEntityTag,
  identityEntityTag,
  listMatchesCodedTag,
  negotiateContentCoding,
  varyWith,
} from './content-coding.js';
import { parseEntityTag } from './entity-tag.js';
import { evaluatePreconditions } from './evaluate.js';

describe('codedEntityTag', () => {
  it.each([
    ['"abc"', 'gzip', '"abc-gzip"'],
    ['"abc"', 'BR', '"abc-br"'],
    ['"abc"', 'identity', '"abc"'],
    ['"abc"', undefined, '"abc"'],
    ['"abc"', 'x-unknown', '"abc"'],
    ['W/"abc"', 'gzip', 'W/"abc"'],
    ['not a tag', 'gzip', 'not a tag'],
  ])('%s in %s is %s', (etag, coding, expected) => {
    expect(codedEntityTag(etag, coding)).toBe(expected);
  });
});

describe('identityEntityTag', () => {
  it('maps a coded tag back to the identity one, and nothing else', () => {
    expect(identityEntityTag({ opaque: 'abc-gzip', weak: false })).toEqual({ opaque: 'abc', weak: false });
    expect(identityEntityTag({ opaque: 'a-b-zstd', weak: false })).toEqual({ opaque: 'a-b', weak: false });
    expect(identityEntityTag({ opaque: 'abc-gzip', weak: true })).toBeUndefined();
    expect(identityEntityTag({ opaque: 'abc-v2', weak: false })).toBeUndefined();
    expect(identityEntityTag({ opaque: 'abc', weak: false })).toBeUndefined();
  });
});

describe('listMatchesCodedTag', () => {
  const current = parseEntityTag('"abc"')!;
  it('finds a coded form of the current tag in a list, by strong or weak comparison', () => {
    expect(listMatchesCodedTag('"x", "abc-gzip"', current, true)).toBe(true);
    expect(listMatchesCodedTag('W/"abc-br"', current, false)).toBe(true);
    expect(listMatchesCodedTag('W/"abc-br"', current, true)).toBe(false);
  });
  it('never matches another tag, another coding suffix, or coded forms of a weak tag', () => {
    expect(listMatchesCodedTag('"abc-gzipx", "abcd-gzip", "abc-v2"', current, false)).toBe(false);
    expect(listMatchesCodedTag('"abc-gzip"', { opaque: 'abc', weak: true }, false)).toBe(false);
  });
});

describe('negotiateContentCoding (RFC 9110 §12.5.3)', () => {
  it.each([
    ['gzip, deflate, br', ['gzip'], 'gzip'],
    ['gzip, deflate, br', ['br', 'gzip'], 'br'],
    ['deflate;q=1, gzip;q=0.5', ['gzip', 'deflate'], 'deflate'],
    ['gzip;q=0', ['gzip'], 'identity'],
    ['*', ['gzip'], 'gzip'],
    ['*;q=0, identity', ['gzip'], 'identity'],
    ['br', ['gzip'], 'identity'],
    ['GZIP', ['gzip'], 'gzip'],
    ['', ['gzip'], 'identity'],
    ['gzip;q=2', ['gzip'], 'identity'],
    ['gzip;q=nonsense, *;q=0.1', ['gzip'], 'gzip'],
  ] as const)('%j with %j gives %s', (field, supported, expected) => {
    expect(negotiateContentCoding(field, supported)).toBe(expected);
  });

  it('gives identity without the field, and joins repeated lines', () => {
    expect(negotiateContentCoding(undefined, ['gzip'])).toBe('identity');
    expect(negotiateContentCoding(null, ['gzip'])).toBe('identity');
    expect(negotiateContentCoding(['br', 'gzip'], ['gzip'])).toBe('gzip');
  });
});

describe('varyWith', () => {
  it('adds the field once and keeps what is there', () => {
    expect(varyWith(undefined, 'accept-encoding')).toBe('accept-encoding');
    expect(varyWith('Origin', 'accept-encoding')).toBe('Origin, accept-encoding');
    expect(varyWith('Origin, Accept-Encoding', 'accept-encoding')).toBe('Origin, Accept-Encoding');
    expect(varyWith('*', 'accept-encoding')).toBe('*');
  });
});

describe('evaluatePreconditions with the tag of a content-coded body', () => {
  const current = { exists: true, etag: '"v1"' };
  const outcome = (method: string, headers: Record<string, string>, validators = current) =>
    evaluatePreconditions({ method, headers }, validators).outcome;

  it('304 when If-None-Match carries the gzip tag of the current version, or its weak form', () => {
    expect(outcome('GET', { 'if-none-match': '"v1-gzip"' })).toBe('not-modified');
    expect(outcome('GET', { 'if-none-match': '"x", W/"v1-br"' })).toBe('not-modified');
    expect(outcome('GET', { 'if-none-match': '"v0-gzip"' })).toBe('proceed');
  });

  it('a write with If-Match of the gzip tag proceeds while the version is current, else 412', () => {
    expect(outcome('PATCH', { 'if-match': '"v1-gzip"' })).toBe('proceed');
    expect(outcome('PATCH', { 'if-match': '"v1-gzip"' }, { exists: true, etag: '"v2"' })).toBe(
      'precondition-failed',
    );
    expect(outcome('PATCH', { 'if-match': 'W/"v1-gzip"' })).toBe('precondition-failed');
  });

  it('If-Range names exactly the representation a range is cut from: a coded tag never holds', () => {
    const ranged = (ifRange: string) =>
      evaluatePreconditions({ method: 'GET', headers: { range: 'bytes=0-1', 'if-range': ifRange } }, current)
        .ignoreRange;
    expect(ranged('"v1"')).toBe(false);
    expect(ranged('"v1-gzip"')).toBe(true);
    expect(
      evaluatePreconditions(
        { method: 'GET', headers: { range: 'bytes=0-1', 'if-range': '"v1"' } },
        { exists: true, etag: '"v1-gzip"' },
      ).ignoreRange,
    ).toBe(true);
  });

  describe('with the coding of the response known (contentCoding)', () => {
    const coded = (
      contentCoding: string,
      headers: Record<string, string>,
      method = 'GET',
      validators = current,
    ) => evaluatePreconditions({ method, headers, contentCoding }, validators).outcome;

    it('If-None-Match matches the tag of the representation this response selects, and no other', () => {
      // A cache holding the gzip body asks for the identity one (a range, Accept-Encoding: identity).
      expect(coded('identity', { 'if-none-match': '"v1-gzip"' })).toBe('proceed');
      expect(coded('identity', { 'if-none-match': '"v1"' })).toBe('not-modified');
      expect(coded('gzip', { 'if-none-match': '"v1-gzip"' })).toBe('not-modified');
      expect(coded('gzip', { 'if-none-match': '"x", W/"v1-gzip"' })).toBe('not-modified');
      expect(coded('gzip', { 'if-none-match': '"v1"' })).toBe('proceed');
      expect(coded('gzip', { 'if-none-match': '"v1-br"' })).toBe('proceed');
      expect(coded('GZIP', { 'if-none-match': '"v1-gzip"' })).toBe('not-modified');
    });

    it('an unknown coding, or a weak current tag, selects the tag as it is', () => {
      expect(coded('compress', { 'if-none-match': '"v1"' })).toBe('not-modified');
      expect(coded('compress', { 'if-none-match': '"v1-gzip"' })).toBe('proceed');
      const weak = { exists: true, etag: 'W/"v1"' };
      expect(coded('gzip', { 'if-none-match': 'W/"v1"' }, 'GET', weak)).toBe('not-modified');
      expect(coded('gzip', { 'if-none-match': '"v1-gzip"' }, 'GET', weak)).toBe('proceed');
    });

    it('a write still proceeds on If-Match of any coded form of the current version', () => {
      expect(coded('identity', { 'if-match': '"v1-gzip"' }, 'PATCH')).toBe('proceed');
      expect(coded('gzip', { 'if-match': '"v1"' }, 'PATCH')).toBe('proceed');
    });

    it('a write fails (412) on If-None-Match of any coded form of the current version, whatever its coding', () => {
      for (const method of ['PUT', 'PATCH', 'POST', 'DELETE']) {
        expect(coded('gzip', { 'if-none-match': '"v1-gzip"' }, method)).toBe('precondition-failed');
        expect(coded('identity', { 'if-none-match': '"v1-gzip"' }, method)).toBe('precondition-failed');
        expect(coded('gzip', { 'if-none-match': '"v1"' }, method)).toBe('precondition-failed');
        expect(coded('gzip', { 'if-none-match': '"v0-gzip"' }, method)).toBe('proceed');
      }
    });
  });

  it('a weak current tag has no coded forms', () => {
    expect(outcome('GET', { 'if-none-match': '"v1-gzip"' }, { exists: true, etag: 'W/"v1"' })).toBe(
      'proceed',
    );
  });
});
