import type { RunningServer } from '@precond/contract';
import { generateEntityTag } from '@precond/core/etag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionServer } from './production-server.js';

// The Edge runtime route, over HTTP against the production build: a document held in memory, tagged
// by `@precond/next` with a Web Crypto hash of its bytes.

let server: RunningServer;
beforeAll(async () => {
  server = await startProductionServer({});
});
afterAll(() => server?.close());

// Identity, so that the tag is the hash of the bytes themselves (a gzip-accepting request gets the
// tag of the gzip representation: the content-coding contract topic covers that).
const send = (init: RequestInit = {}) =>
  fetch(`${server.baseUrl}/api/edge/document`, {
    ...init,
    headers: { 'accept-encoding': 'identity', ...(init.headers as Record<string, string> | undefined) },
  });

async function current(): Promise<{ text: string; etag: string }> {
  const res = await send();
  expect(res.status).toBe(200);
  return { text: await res.text(), etag: res.headers.get('etag') as string };
}

function put(text: string, headers: Record<string, string> = {}): Promise<Response> {
  return send({ method: 'PUT', headers: { 'content-type': 'text/plain', ...headers }, body: text });
}

describe('GET /api/edge/document (Edge runtime)', () => {
  it('answers 200 with the text, a strong ETag hashed from its bytes (the Node hash agrees) and no-cache', async () => {
    const res = await send();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/i);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    expect(res.headers.get('etag')).toBe(generateEntityTag(text));
  });

  it('answers 304 without a body to GET and HEAD with the current tag', async () => {
    const { etag } = await current();
    for (const method of ['GET', 'HEAD']) {
      const res = await send({ method, headers: { 'if-none-match': etag } });
      expect(res.status, method).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-type')).toBeNull();
      expect(await res.text()).toBe('');
    }
  });
});

describe('PUT /api/edge/document (Edge runtime)', () => {
  it('428 without a precondition, and the document is unchanged', async () => {
    const before = await current();
    const res = await put('No precondition.');
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await current()).toEqual(before);
  });

  it('412 with the current ETag when If-Match carries a stale tag', async () => {
    const before = await current();
    const res = await put('Stale.', { 'if-match': generateEntityTag('another text') });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe(before.etag);
    expect(await res.json()).toMatchObject({ status: 412, etag: before.etag });
    expect(await current()).toEqual(before);
  });

  it('200 with the new ETag when If-Match carries the current tag; the old tag no longer gets a 304', async () => {
    const before = await current();
    const text = `Replaced at ${new Date().toISOString()} — ünïcödé.`;
    const res = await put(text, { 'if-match': before.etag });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(text);
    const etag = res.headers.get('etag');
    expect(etag).toBe(generateEntityTag(text));
    expect(await current()).toEqual({ text, etag });
    expect((await send({ headers: { 'if-none-match': before.etag } })).status).toBe(200);
    expect((await send({ headers: { 'if-none-match': etag as string } })).status).toBe(304);
  });

  it('413 for a document over 64 KiB, and the document is unchanged', async () => {
    const before = await current();
    const res = await put('x'.repeat(64 * 1024 + 1), { 'if-match': before.etag });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await current()).toEqual(before);
  });
});

describe('other methods on /api/edge/document (Edge runtime)', () => {
  it('405 problem+json with Allow', async () => {
    const res = await send({ method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, OPTIONS');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
