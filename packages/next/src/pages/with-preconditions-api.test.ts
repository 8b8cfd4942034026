import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  CACHE_FIELDS,
  describeCacheFields,
  describeQuery,
  describeRepeatedLines,
  ITEM,
  SEARCH_RESULTS,
} from '@precond/adapter-suite';
import type { Validators } from '@precond/core';
import { generateEntityTag } from '@precond/core/etag';
import type { NextApiHandler, NextApiRequest } from 'next';
// The function Next.js runs every Pages API route through: it adds `res.status`, `res.send` and
// `res.json` to Node's response exactly as `next start` does, so these tests meet Next's real helpers.
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreconditionResult } from './index.js';
import { PreconditionFailedError, withPreconditionsApi } from './index.js';

const lastModified = new Date('2026-01-02T03:04:05Z');
let doc = { text: 'hello', etag: '"v1"' };
const handlerCalls: string[] = [];
const handedOver: PreconditionResult[] = [];

const loadValidators = (req: NextApiRequest): Validators | undefined =>
  req.query.id === 'doc' ? { exists: true, etag: doc.etag, lastModified } : undefined;

const cacheFields = CACHE_FIELDS;

let itemRuns = 0;

const routes: Record<string, NextApiHandler> = {
  // The adapter suite's routes: a Pages API route is called for any method, QUERY included.
  '/item': withPreconditionsApi(
    (_req, res) => {
      itemRuns++;
      res.json({ ran: true });
    },
    { validators: () => ITEM },
  ),
  '/search': withPreconditionsApi((_req, res) => res.json(SEARCH_RESULTS)),
  '/api/cached': withPreconditionsApi(
    (_req, res) => {
      handlerCalls.push('cached');
      res.json({ text: doc.text });
    },
    { validators: loadValidators, cacheFields },
  ),
  '/api/cached-overridden': withPreconditionsApi(
    (_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json({ text: doc.text });
    },
    { validators: loadValidators, cacheFields },
  ),
  '/api/cors': withPreconditionsApi((_req, res) => {
    res.setHeader('Access-Control-Allow-Origin', 'https://app.example');
    res.setHeader('Set-Cookie', ['session=1', 'theme=dark']);
    res.setHeader('Cache-Control', 'max-age=60');
    res.setHeader('Expires', 'Thu, 01 Jan 2026 00:00:00 GMT');
    res.setHeader('Content-Language', 'en');
    res.setHeader('X-Request-Id', 'abc');
    res.send('with fields about the response');
  }),
  '/api/doc': withPreconditionsApi(
    async (req, res, precond) => {
      handlerCalls.push(String(req.method));
      handedOver.push(precond);
      if (req.method === 'PUT') {
        if (precond.validators?.etag !== doc.etag) throw new PreconditionFailedError({ etag: doc.etag });
        doc = { text: 'changed', etag: '"v2"' };
        res.json({ ok: true });
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.json({ text: doc.text });
    },
    { validators: loadValidators, requirePreconditions: true },
  ),
  '/api/missing': withPreconditionsApi(
    (_req, res) => {
      handlerCalls.push('missing');
      res.status(404).json({ type: 'about:blank', title: 'Not Found', status: 404 });
    },
    { validators: loadValidators, requirePreconditions: true },
  ),
  '/api/custom': withPreconditionsApi((_req, res) => res.status(204).end(), {
    validators: loadValidators,
    requirePreconditions: true,
    problem: (problem, context) => ({ ...problem, hint: `${context.method} needs If-Match` }),
  }),
  '/api/deferred': withPreconditionsApi(
    (_req, res, precond) => {
      handedOver.push(precond);
      const { writeCondition } = precond;
      if (writeCondition?.kind !== 'etags' || !writeCondition.etags.includes(doc.etag)) {
        throw new PreconditionFailedError({ etag: doc.etag, lastModified });
      }
      res.json({ writeCondition });
    },
    {
      validators: (req) => {
        handlerCalls.push('load');
        return loadValidators(req);
      },
      deferIfMatch: true,
      requirePreconditions: true,
    },
  ),
  '/api/race': withPreconditionsApi(() => {
    throw new PreconditionFailedError({ etag: '"now"', lastModified, message: 'lost the race' });
  }),
  '/api/plain': withPreconditionsApi((_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Set-Cookie', ['a=b', 'c=d']);
    res.status(200).send('plain text body');
  }),
  '/api/json': withPreconditionsApi((_req, res) => res.json({ n: 1, list: [1, 2, 3], note: 'é' })),
  '/api/ended': withPreconditionsApi((_req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end('ended body');
  }),
  '/api/buffer': withPreconditionsApi((_req, res) => res.send(Buffer.from([1, 2, 3]))),
  '/api/stream': withPreconditionsApi((_req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.send(Readable.from(['streamed ', 'body']));
  }),
  '/api/written': withPreconditionsApi((_req, res) => {
    res.write('written ');
    res.end('body');
  }),
  '/api/tagged': withPreconditionsApi((_req, res) => {
    res.setHeader('ETag', 'W/"own"');
    res.setHeader('Last-Modified', lastModified.toUTCString());
    res.send('has its own tag');
  }),
  '/api/created': withPreconditionsApi((_req, res) => res.status(201).json({ id: 1 })),
  '/api/error': withPreconditionsApi((_req, res) => res.status(500).send('failure')),
  '/api/weak': withPreconditionsApi((_req, res) => res.send('weakly tagged'), { etag: 'weak' }),
  '/api/untagged': withPreconditionsApi((_req, res) => res.send('no tag'), { etag: false }),
  '/api/unwrapped': (_req, res) => {
    res.setHeader('ETag', '"mine"');
    res.json({ n: 1 });
  },
};

let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const previewProps = { previewModeId: '', previewModeEncryptionKey: '', previewModeSigningKey: '' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = routes[url.pathname];
    const query = Object.fromEntries(url.searchParams);
    void apiResolver(
      req,
      res,
      query,
      handler && { default: handler },
      { ...previewProps, dev: false },
      false,
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

/** fetch asks for gzip unless told otherwise: the cases about coding say so themselves. */
const request = (path: string, headers: Record<string, string> = {}, method = 'GET') => {
  const fields = new Headers(headers);
  if (!fields.has('accept-encoding')) fields.set('accept-encoding', 'identity');
  return fetch(`${base}${path}`, { method, headers: fields });
};

describe('validator-first', () => {
  it('answers 304 from the validators without calling the handler, keeping the validators', async () => {
    handlerCalls.length = 0;
    const res = await request('/api/doc?id=doc', { 'If-None-Match': doc.etag, 'Cache-Control': 'no-cache' });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
    expect(handlerCalls).toEqual([]);
  });

  it('calls the handler with the evaluation, and sets ETag and Last-Modified, which Next leaves alone', async () => {
    handlerCalls.length = 0;
    handedOver.length = 0;
    const res = await request('/api/doc?id=doc', { 'If-None-Match': '"other"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ text: doc.text });
    expect(handlerCalls).toEqual(['GET']);
    expect(handedOver).toEqual([
      {
        validators: { exists: true, etag: doc.etag, lastModified },
        evaluation: expect.objectContaining({ outcome: 'proceed' }),
        ignoreRange: false,
        writeCondition: { kind: 'etags', etags: [doc.etag] },
      },
    ]);
  });

  it('428 with a problem body when a required precondition is missing', async () => {
    handlerCalls.length = 0;
    const res = await request('/api/doc?id=doc', {}, 'PUT');
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ status: 428, title: 'Precondition Required', instance: '/api/doc?id=doc' });
    expect(body.acceptedConditions).toContain('If-Match');
    expect(handlerCalls).toEqual([]);
  });

  it('412 with the current ETag when If-Match is stale, without calling the handler', async () => {
    handlerCalls.length = 0;
    const res = await request('/api/doc?id=doc', { 'If-Match': '"stale"' }, 'PUT');
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ status: 412, etag: doc.etag, instance: '/api/doc?id=doc' });
    expect(handlerCalls).toEqual([]);
  });

  it('hands the evaluated validators to the handler when If-Match holds', async () => {
    const res = await request('/api/doc?id=doc', { 'If-Match': '"v1"' }, 'PUT');
    expect(res.status).toBe(200);
    expect(doc.etag).toBe('"v2"');
    const again = await request('/api/doc?id=doc', { 'If-Match': '"v1"' }, 'PUT');
    expect(again.status).toBe(412);
    expect(again.headers.get('etag')).toBe('"v2"');
  });

  it('lets the route answer 404 when the loader finds no resource, even without a precondition', async () => {
    handlerCalls.length = 0;
    const res = await request('/api/missing?id=missing', {}, 'PATCH');
    expect(res.status).toBe(404);
    expect(handlerCalls).toEqual(['missing']);
  });

  it('uses the problem hook for the body but keeps status and content type', async () => {
    const res = await request('/api/custom?id=doc', {}, 'DELETE');
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 428, hint: 'DELETE needs If-Match' });
  });
});

describe('PreconditionFailedError', () => {
  it('becomes a 412 with the current ETag and Last-Modified', async () => {
    const res = await request('/api/race', {}, 'POST');
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"now"');
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(await res.json()).toMatchObject({ status: 412, detail: 'lost the race', etag: '"now"' });
  });
});

describe('after the fact', () => {
  it('adds a strong ETag to a buffered 200 and answers 304 when it is sent back', async () => {
    const first = await request('/api/plain');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(await first.text()).toBe('plain text body');
    const second = await request('/api/plain', { 'If-None-Match': etag as string });
    expect(second.status).toBe(304);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toBe('no-cache');
    expect(second.headers.getSetCookie()).toEqual(['a=b', 'c=d']);
    expect(second.headers.get('content-type')).toBeNull();
    expect(second.headers.get('content-length')).toBeNull();
    expect(await second.text()).toBe('');
  });

  it('hashes exactly the bytes res.json, res.send and res.end write', async () => {
    for (const path of ['/api/json', '/api/ended', '/api/buffer']) {
      const res = await request(path);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(res.headers.get('etag'), path).toBe(generateEntityTag(bytes));
      expect(res.headers.get('content-length'), path).toBe(String(bytes.byteLength));
    }
    const json = await request('/api/json');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ n: 1, list: [1, 2, 3], note: 'é' });
    expect((await request('/api/buffer')).headers.get('content-type')).toBe('application/octet-stream');
  });

  it('answers HEAD like GET, 304 included', async () => {
    const etag = (await request('/api/json')).headers.get('etag') as string;
    const head = await request('/api/json', {}, 'HEAD');
    expect(head.headers.get('etag')).toBe(etag);
    const conditional = await request('/api/json', { 'If-None-Match': etag }, 'HEAD');
    expect(conditional.status).toBe(304);
  });

  it('412 for a GET whose If-Match does not match', async () => {
    const res = await request('/api/plain', { 'If-Match': '"nope"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('412 keeps the fields about the response and drops the content and caching fields of the 200', async () => {
    const etag = (await request('/api/cors')).headers.get('etag');
    const res = await request('/api/cors', { 'If-Match': '"nope"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.getSetCookie()).toEqual(['session=1', 'theme=dark']);
    expect(res.headers.get('x-request-id')).toBe('abc');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('expires')).toBeNull();
    expect(res.headers.get('content-language')).toBeNull();
    expect(res.headers.get('etag')).toBe(etag);
    expect(await res.json()).toMatchObject({ status: 412, etag });
  });

  it('leaves a streamed body untagged and whole', async () => {
    for (const path of ['/api/stream', '/api/written']) {
      const res = await request(path, { 'If-None-Match': '*' });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('etag'), path).toBeNull();
    }
    expect(await (await request('/api/stream')).text()).toBe('streamed body');
    expect(await (await request('/api/written')).text()).toBe('written body');
  });

  it('evaluates against the ETag and Last-Modified the handler set itself', async () => {
    const byTag = await request('/api/tagged', { 'If-None-Match': '"own"' });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe('W/"own"');
    const byDate = await request('/api/tagged', { 'If-Modified-Since': lastModified.toUTCString() });
    expect(byDate.status).toBe(304);
    expect((await request('/api/tagged')).headers.get('etag')).toBe('W/"own"');
  });

  it('generates a weak tag when asked, and none when turned off', async () => {
    expect((await request('/api/weak')).headers.get('etag')).toMatch(/^W\/"/);
    expect((await request('/api/untagged')).headers.get('etag')).toBeNull();
  });

  it('leaves error responses alone', async () => {
    const res = await request('/api/error', { 'If-None-Match': '*' });
    expect(res.status).toBe(500);
    expect(res.headers.get('etag')).toBeNull();
    expect(await res.text()).toBe('failure');
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

describe('deferIfMatch', () => {
  it('leaves an If-Match-only write to the handler without loading the validators', async () => {
    handlerCalls.length = 0;
    handedOver.length = 0;
    const ok = await request('/api/deferred?id=doc', { 'If-Match': doc.etag }, 'PATCH');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ writeCondition: { kind: 'etags', etags: [doc.etag] } });
    expect(handedOver[0]?.validators).toBeUndefined();
    const failed = await request('/api/deferred?id=doc', { 'If-Match': '"old"' }, 'PATCH');
    expect(failed.status).toBe(412);
    expect(failed.headers.get('etag')).toBe(doc.etag);
    expect(handlerCalls).toEqual([]);
  });

  it('loads the validators when the write carries another precondition', async () => {
    handlerCalls.length = 0;
    const res = await request(
      '/api/deferred?id=doc',
      { 'If-Match': doc.etag, 'If-None-Match': doc.etag },
      'PATCH',
    );
    expect(res.status).toBe(412);
    expect(handlerCalls).toEqual(['load']);
  });
});

describeCacheFields({
  cached: (headers = {}) => request('/api/cached?id=doc', headers),
  overridden: () => request('/api/cached-overridden?id=doc'),
  etag: () => doc.etag,
  handlerRuns: () => handlerCalls.filter((name) => name === 'cached').length,
  vary: 'Accept, accept-encoding', // Next compresses: the 200 and the 304 vary on Accept-Encoding too
});

const retrievalRoutes = { baseUrl: () => base, handlerRuns: () => itemRuns };
describeQuery(retrievalRoutes);
describeRepeatedLines(retrievalRoutes);
