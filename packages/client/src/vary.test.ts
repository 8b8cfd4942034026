import { describe, expect, it } from 'vitest';
import { selectsSameVariant, varyingFields } from './vary.js';

describe('varyingFields', () => {
  it.each([
    ['no Vary', {}, { accept: 'text/plain' }, undefined],
    ['an empty Vary', { vary: ' , ' }, {}, undefined],
    ['one field', { vary: 'Accept' }, { accept: 'text/plain' }, { accept: 'text/plain' }],
    ['a field the request lacks', { vary: 'accept-language' }, {}, { 'accept-language': null }],
    [
      'a list, names lower-cased',
      { vary: 'Accept, Accept-Language' },
      { accept: 'a', 'accept-language': 'de' },
      { accept: 'a', 'accept-language': 'de' },
    ],
    ['*', { vary: 'accept, *' }, {}, '*'],
  ])('%s', (_case, response, request, fields) => {
    expect(varyingFields(new Headers(response), new Headers(request))).toEqual(fields);
  });
});

describe('selectsSameVariant', () => {
  it.each([
    ['nothing varies', undefined, { accept: 'x' }, true],
    ['Vary: *', '*' as const, {}, false],
    ['the same value', { accept: 'text/plain' }, { Accept: 'text/plain' }, true],
    ['another value', { accept: 'text/plain' }, { accept: 'application/json' }, false],
    ['absent both times', { 'accept-language': null }, {}, true],
    ['absent then sent', { 'accept-language': null }, { 'accept-language': 'de' }, false],
    ['sent then absent', { accept: 'text/plain' }, {}, false],
  ])('%s → %s', (_case, fields, request, same) => {
    expect(selectsSameVariant(fields, new Headers(request))).toBe(same);
  });
});
