import { generateEntityTag } from '@precond/core/etag';
import type { NextApiRequest } from 'next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApiRoutes } from '../../test-support/serve-api-routes.js';
import { withPreconditionsApi } from './index.js';

// What only a Pages API route does: its loader reads `req.query`, its handler may write with
// `res.end`, a Buffer or `res.write`, and Next tags and answers 304 on its own where precond does
// not wrap. Everything every adapter does is in ./adapter-suite.test.ts.

const handlerCalls: string[] = [];

const loadValidators = (req: NextApiRequest) =>
  req.query.id === 'doc' ? { exists: true, etag: '"v1"' } : undefined;

let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  ({ baseUrl: base, close } = await serveApiRoutes({
    '/api/items': withPreconditionsApi(
      (req, res) => {
        handlerCalls.push(`missing ${req.query.id}`);
        res.status(404).end();
      },
      { loadValidators: loadValidators, requirePreconditions: true },
    ),
    '/api/ended': withPreconditionsApi((_req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.end('ended body');
    }),
    '/api/buffer': withPreconditionsApi((_req, res) => res.send(Buffer.from([1, 2, 3]))),
    '/api/written': withPreconditionsApi((_req, res) => {
      res.write('written ');
      res.end('body');
    }),
    '/api/created': withPreconditionsApi((_req, res) => res.status(201).json({ id: 1 })),
    '/api/unwrapped': (_req, res) => {
      res.setHeader('ETag', '"mine"');
      res.json({ n: 1 });
    },
  }));
});
afterAll(() => close());

/** fetch asks for gzip unless told otherwise. */
const request = (path: string, headers: Record<string, string> = {}, method = 'GET') => {
  const fields = new Headers(headers);
  if (!fields.has('accept-encoding')) fields.set('accept-encoding', 'identity');
  return fetch(`${base}${path}`, { method, headers: fields });
};

describe('withPreconditionsApi', () => {
  it('loads by req.query: 404 from the handler for a missing item, 428 for a present one', async () => {
    const missing = await request('/api/items?id=missing', {}, 'PATCH');
    expect(missing.status).toBe(404);
    expect(handlerCalls).toEqual(['missing missing']);
    expect((await request('/api/items?id=doc', {}, 'PATCH')).status).toBe(428);
    expect(handlerCalls).toEqual(['missing missing']);
  });

  it('tags the exact bytes res.end and res.send of a Buffer write, and leaves what res.write streams', async () => {
    for (const path of ['/api/ended', '/api/buffer']) {
      const res = await request(path);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(res.headers.get('etag'), path).toBe(generateEntityTag(bytes));
      expect(res.headers.get('content-length'), path).toBe(String(bytes.byteLength));
    }
    expect((await request('/api/buffer')).headers.get('content-type')).toBe('application/octet-stream');
    const written = await request('/api/written');
    expect([written.status, written.headers.get('etag'), await written.text()]).toEqual([
      200,
      null,
      'written body',
    ]);
  });

  it('answers a write with its own status, where Next alone would answer 304', async () => {
    // fetch() adds `Cache-Control: no-cache` to a conditional request unless it has one, and Next's
    // `fresh` check then never answers 304: a client that sends none is what Next gets wrong.
    const created = await request(
      '/api/created',
      { 'If-None-Match': '*', 'Cache-Control': 'max-age=0' },
      'POST',
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 1 });
  });
});

describe("Next's own API route ETags, which precond replaces on the routes it wraps", () => {
  it('replace the ETag a handler sets, and answer 304 to any method', async () => {
    const res = await request('/api/unwrapped');
    expect(res.headers.get('etag')).not.toBe('"mine"');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-z]+"$/);
    const post = await request(
      '/api/unwrapped',
      { 'If-None-Match': '*', 'Cache-Control': 'max-age=0' },
      'POST',
    );
    expect(post.status).toBe(304);
  });
});
