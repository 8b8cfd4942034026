import { PROBLEM_CONTENT_TYPE } from '@precond/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from './start.js';
import { startHonoApp } from './start.js';

// Node's parser hands @hono/node-server every method of http.METHODS, PROPFIND included, and a
// route's `app.all()` answers it 405 problem+json with Allow, as any method the route does not serve.
let app: RunningApp;

beforeAll(async () => {
  app = await startHonoApp({ port: 0 });
});
afterAll(() => app.close());

describe('a method outside RFC 9110 (PROPFIND)', () => {
  it('answers 405 problem+json with Allow', async () => {
    const res = await fetch(`${app.baseUrl}/api/articles`, { method: 'PROPFIND' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(res.headers.get('content-type')?.split(';')[0]).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ type: 'about:blank', title: 'Method Not Allowed', status: 405 });
  });

  it('answers a path no route serves 404 problem+json', async () => {
    const res = await fetch(`${app.baseUrl}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')?.split(';')[0]).toBe(PROBLEM_CONTENT_TYPE);
  });
});
