import { describe, expect, it } from 'vitest';
import { isPromiseLike } from './promise-like.js';

/** An object with a `then` member, as a loader's own thenable (or a row with a `then` column) has. */
const withThen = (then: unknown): object => Object.defineProperty({}, 'then', { value: then });

describe('isPromiseLike', () => {
  it('is true for a promise and any thenable', () => {
    expect(isPromiseLike(Promise.resolve(1))).toBe(true);
    expect(isPromiseLike(withThen(() => undefined))).toBe(true);
  });

  it('is false for what a synchronous loader returns', () => {
    const values = [undefined, null, 0, '', { exists: true, etag: '"v1"' }, withThen('not a function')];
    for (const value of values) expect(isPromiseLike(value)).toBe(false);
  });
});
