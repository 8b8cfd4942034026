import Hapi, { type Server } from '@hapi/hapi';
import { satisfiesWriteCondition, type Validators } from '@precond/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, precond } from './index.js';

// `deferIfMatch`: a write whose only precondition is If-Match is decided by the handler's
// compare-and-set (here an in-memory one), without loading the validators first.
const current: Validators = { exists: true, etag: '"v1"', lastModified: new Date('2026-01-02T03:04:05Z') };
let loads = 0;
let server: Server;

beforeAll(async () => {
  server = Hapi.server({ host: '127.0.0.1', port: 0 });
  await server.register({ plugin: precond });
  const validators = () => {
    loads++;
    return current;
  };
  server.route({
    method: 'PATCH',
    path: '/doc',
    options: { plugins: { precond: { validators, deferIfMatch: true, requirePreconditions: true } } },
    handler: (request) => {
      const condition = request.plugins.precond?.writeCondition;
      if (!condition || !satisfiesWriteCondition(condition, current)) {
        throw new PreconditionFailedError({ etag: current.etag, lastModified: current.lastModified });
      }
      return { condition, validators: request.plugins.precond?.validators ?? null };
    },
  });
  await server.start();
});
afterAll(() => server.stop());

const patch = (headers: Record<string, string>) =>
  fetch(`${server.info.uri}/doc`, { method: 'PATCH', headers });

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
