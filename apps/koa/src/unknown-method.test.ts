import { PROBLEM_CONTENT_TYPE } from '@precond/core';
import { openDatabase } from '@precond/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';

// @koa/router answers a method no route serves (PROPFIND) with 501 and no body of its own; the app
// gives it the problem+json body every other error has.
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const db = await openDatabase({});
  const server = createApp(db).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  };
});
afterAll(() => close());

describe('a method outside RFC 9110 (PROPFIND)', () => {
  it('answers 501 problem+json', async () => {
    const res = await fetch(`${base}/api/articles`, { method: 'PROPFIND' });
    expect(res.status).toBe(501);
    expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ type: 'about:blank', title: 'Not Implemented', status: 501 });
  });
});
