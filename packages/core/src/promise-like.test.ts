import { describe, expect, it } from 'vitest';
import { isPromiseLike } from './promise-like.js';

describe('isPromiseLike', () => {
  it('is true for a promise and any thenable', () => {
    expect(isPromiseLike(Promise.resolve(1))).toBe(true);
    expect(isPromiseLike({ then: () => undefined })).toBe(true);
  });

  it('is false for what a synchronous loader returns', () => {
    for (const value of [undefined, null, 0, '', { exists: true, etag: '"v1"' }, { then: 'not a function' }]) {
      expect(isPromiseLike(value)).toBe(false);
    }
  });
});
