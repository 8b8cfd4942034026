import { PROBLEM_CONTENT_TYPE } from '@precond/core';
import { openDatabase } from '@precond/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';

// Express routes every method of Node's http.METHODS, PROPFIND included: a route's `.all()` answers
// it 405 problem+json with Allow, as any method the route does not serve.
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
  it('answers 405 problem+json with Allow', async () => {
    const res = await fetch(`${base}/api/articles`, { method: 'PROPFIND' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(res.headers.get('content-type')?.split(';')[0]).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ type: 'about:blank', title: 'Method Not Allowed', status: 405 });
  });
});
