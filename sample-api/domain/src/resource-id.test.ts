import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isResourceId, newResourceId } from './resource-id.js';

describe('isResourceId', () => {
  it.each(['a', 'A-z_0-9', 'x'.repeat(64), '-', '_'])('accepts %j', (id) => {
    expect(isResourceId(id)).toBe(true);
  });

  it.each(['', 'x'.repeat(65), 'a/b', 'a b', 'a.b', 'café', '%41', 'a\n', 'a\u0000', 42, null, undefined])(
    'refuses %j',
    (id) => {
      expect(isResourceId(id)).toBe(false);
    },
  );

  it('accepts every id the server makes up', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        expect(newResourceId()).toMatch(/^[0-9a-f]{32}$/);
        expect(isResourceId(newResourceId())).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
