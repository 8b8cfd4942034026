import { describe, expect, it } from 'vitest';
import { parseUserInput } from './user-input.js';

describe('parseUserInput', () => {
  it.each([
    [{}, null],
    [{ displayName: null }, null],
    [{ displayName: '' }, ''],
    [{ displayName: 'Ada Lovelace' }, 'Ada Lovelace'],
    [{ displayName: 'é'.repeat(200) }, 'é'.repeat(200)],
    [{ displayName: 'Ada', name: 'ada', other: true }, 'Ada'],
  ])('reads %j as displayName %j', (json, displayName) => {
    expect(parseUserInput(json, { name: 'ada' })).toEqual({ ok: true, value: { displayName } });
  });

  it.each([
    [null, 'JSON object'],
    [['Ada'], 'JSON object'],
    [{ displayName: 42 }, 'displayName must be a string'],
    [{ displayName: 'x'.repeat(201) }, 'displayName must be at most 200 characters'],
    [{ displayName: 'a\u0000' }, 'U+0000'],
    [{ displayName: '\udc00' }, 'valid Unicode'],
    [{ name: 'bob' }, 'the name in the URL'],
  ])('refuses %j: %s', (json, detail) => {
    const result = parseUserInput(json, { name: 'ada' });
    expect(result.ok ? '' : result.detail).toContain(detail);
  });
});
