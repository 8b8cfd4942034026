import { satisfiesWriteCondition, type Validators } from '@precond/core';
import { describe, expect, it } from 'vitest';
import { json, PreconditionFailedError, withPreconditions } from './index.js';

// `deferIfMatch`: a write whose only precondition is If-Match is decided by the handler's
// compare-and-set (here an in-memory one), without loading the validators first.
const current: Validators = { exists: true, etag: '"v1"', lastModified: new Date('2026-01-02T03:04:05Z') };
let loads = 0;

const PATCH = withPreconditions(
  (_request, _context: { params: Promise<object> }, precond) => {
    const condition = precond.writeCondition;
    if (!condition || !satisfiesWriteCondition(condition, current)) {
      throw new PreconditionFailedError({ etag: current.etag, lastModified: current.lastModified });
    }
    return json({ condition, validators: precond.validators ?? null });
  },
  {
    validators: () => {
      loads++;
      return current;
    },
    deferIfMatch: true,
    requirePreconditions: true,
  },
);

const patch = (headers: Record<string, string>) =>
  PATCH(new Request('http://localhost/doc', { method: 'PATCH', headers }), { params: Promise.resolve({}) });

describe('deferIfMatch', () => {
  it('hands an If-Match-only write its tags without loading the validators', async () => {
    loads = 0;
    const res = await patch({ 'If-Match': '"v0", "v1"' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      condition: { kind: 'etags', etags: ['"v0"', '"v1"'] },
      validators: null,
    });
    expect(loads).toBe(0);
  });

  it('answers the 412 the compare-and-set throws, with the current tag', async () => {
    loads = 0;
    const res = await patch({ 'If-Match': '"v0"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(await res.json()).toMatchObject({ status: 412, etag: '"v1"' });
    expect(loads).toBe(0);
  });

  it('loads the validators for any other precondition, and for none (428)', async () => {
    loads = 0;
    expect((await patch({ 'If-Match': '"v1"', 'If-None-Match': '"v1"' })).status).toBe(412);
    expect((await patch({})).status).toBe(428);
    const res = await patch({ 'If-Match': '"v1"', 'If-None-Match': '"v9"' });
    expect(res.status).toBe(200);
    expect((await res.json()).validators).toMatchObject({ exists: true, etag: '"v1"' });
    expect(loads).toBe(3);
  });
});
