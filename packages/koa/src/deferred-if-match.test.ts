import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { satisfiesWriteCondition, type Validators } from '@precond/core';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreconditionState } from './index.js';
import { PreconditionFailedError, preconditions } from './index.js';

// `deferIfMatch`: a write whose only precondition is If-Match is decided by the handler's
// compare-and-set (here an in-memory one), without loading the validators first.
const current: Validators = { exists: true, etag: '"v1"', lastModified: new Date('2026-01-02T03:04:05Z') };
let loads = 0;
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const app = new Koa();
  const router = new Router<PreconditionState>();
  const validators = () => {
    loads++;
    return current;
  };
  router.patch(
    '/doc',
    preconditions({ validators, deferIfMatch: true, requirePreconditions: true }),
    (ctx) => {
      const condition = ctx.state.precond?.writeCondition;
      if (!condition || !satisfiesWriteCondition(condition, current)) {
        throw new PreconditionFailedError({ etag: current.etag, lastModified: current.lastModified });
      }
      ctx.body = { condition, validators: ctx.state.precond?.validators ?? null };
    },
  );
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const patch = (headers: Record<string, string>) => fetch(`${base}/doc`, { method: 'PATCH', headers });

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
