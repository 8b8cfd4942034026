import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import {
  CACHE_FIELDS,
  describeCacheFields,
  describeQuery,
  describeRepeatedLines,
  ITEM,
  SEARCH_RESULTS,
} from '@precond/adapter-suite';
import type { Validators } from '@precond/core';
import { PreconditionFailedError } from '@precond/core';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreconditionState } from './index.js';
import { preconditions } from './index.js';

const lastModified = new Date('2026-01-02T03:04:05Z');
let doc = { text: 'hello', etag: '"v1"' };
const handlerCalls: string[] = [];
let itemRuns = 0;

function buildApp(): Koa {
  const app = new Koa();
  const router = new Router<PreconditionState>();
  const validators = (): Validators => ({ exists: true, etag: doc.etag, lastModified });

  router.get('/doc', preconditions({ validators }), (ctx) => {
    handlerCalls.push('get');
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = { text: doc.text };
  });
  router.put('/doc', preconditions({ validators, requirePreconditions: true }), (ctx) => {
    handlerCalls.push('put');
    if (ctx.state.precond?.validators?.etag !== doc.etag)
      throw new PreconditionFailedError({ etag: doc.etag });
    doc = { text: 'changed', etag: '"v2"' };
    ctx.body = { ok: true };
  });
  router.patch(
    '/items/:id',
    preconditions({
      // ctx.params is typed by @koa/router through the middleware chain.
      validators: (ctx) => (ctx.params.id === 'doc' ? validators() : undefined),
      requirePreconditions: true,
    }),
    (ctx) => {
      handlerCalls.push('missing');
      ctx.status = 404;
      ctx.body = { type: 'about:blank', title: 'Not Found', status: 404 };
    },
  );
  router.post('/race', preconditions(), () => {
    throw new PreconditionFailedError({ etag: '"now"', lastModified, message: 'lost the race' });
  });
  router.get('/plain', (ctx) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Set-Cookie', 'a=b');
    ctx.body = 'plain text body';
  });
  router.get('/cors', (ctx) => {
    ctx.set('Access-Control-Allow-Origin', 'https://app.example');
    ctx.set('Set-Cookie', 'session=1');
    ctx.set('Cache-Control', 'max-age=60');
    ctx.set('Expires', 'Thu, 01 Jan 2026 00:00:00 GMT');
    ctx.set('Content-Language', 'en');
    ctx.set('X-Request-Id', 'abc');
    ctx.body = 'with fields about the response';
  });
  const cacheFields = CACHE_FIELDS;
  router.get('/cached', preconditions({ validators, cacheFields }), (ctx) => {
    handlerCalls.push('cached');
    ctx.body = { text: doc.text };
  });
  router.get('/cached-overridden', preconditions({ validators, cacheFields }), (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { text: doc.text };
  });
  router.get('/json', (ctx) => {
    ctx.body = { n: 1, list: [1, 2, 3] };
  });
  router.get('/stream', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = Readable.from(['streamed ', 'body']);
  });
  router.get('/tagged', (ctx) => {
    ctx.set('ETag', 'W/"own"');
    ctx.set('Last-Modified', lastModified.toUTCString());
    ctx.body = 'has its own tag';
  });
  // The adapter suite's routes. @koa/router routes every method in Node's http.METHODS, QUERY
  // included (Node.js 20); `/search` is left to the global middleware, after the fact.
  router.register(
    '/item',
    ['GET', 'QUERY', 'PATCH'],
    [
      preconditions({ validators: () => ITEM }),
      (ctx) => {
        itemRuns++;
        ctx.body = { ran: true };
      },
    ],
  );
  router.register('/search', ['QUERY'], (ctx) => {
    ctx.body = SEARCH_RESULTS;
  });
  router.get('/error', (ctx) => {
    ctx.status = 500;
    ctx.body = 'failure';
  });

  const weakApp = new Router({ prefix: '/weak' });
  weakApp.get('/', preconditions({ etag: 'weak' }), (ctx) => {
    ctx.body = 'weakly tagged';
  });
  const untagged = new Router({ prefix: '/untagged' });
  untagged.get('/', preconditions({ etag: false }), (ctx) => {
    ctx.body = 'no tag';
  });
  const custom = new Router({ prefix: '/custom' });
  custom.delete(
    '/',
    preconditions({
      validators,
      requirePreconditions: true,
      problem: (problem, context) => ({ ...problem, hint: `${context.method} needs If-Match` }),
    }),
    (ctx) => {
      ctx.status = 204;
    },
  );

  app.use(preconditions());
  app.use(router.routes());
  app.use(weakApp.routes());
  app.use(untagged.routes());
  app.use(custom.routes());
  return app;
}

let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const server = buildApp().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${base}${path}`, { method, headers });

describe('validator-first', () => {
  it('answers 304 from the validators without running the handler, keeping the validators', async () => {
    handlerCalls.length = 0;
    const res = await get('/doc', { 'If-None-Match': doc.etag, 'Cache-Control': 'no-cache' });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
    expect(handlerCalls).toEqual([]);
  });

  it('runs the handler and sets ETag and Last-Modified when the request proceeds', async () => {
    const res = await get('/doc', { 'If-None-Match': '"other"' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(await res.json()).toEqual({ text: doc.text });
  });

  it('428 with a problem body when a required precondition is missing', async () => {
    handlerCalls.length = 0;
    const res = await fetch(`${base}/doc`, { method: 'PUT' });
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 428, title: 'Precondition Required' });
    expect(body.acceptedConditions).toContain('If-Match');
    expect(handlerCalls).toEqual([]);
  });

  it('412 with the current ETag when If-Match is stale, without running the handler', async () => {
    handlerCalls.length = 0;
    const res = await fetch(`${base}/doc`, { method: 'PUT', headers: { 'If-Match': '"stale"' } });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(await res.json()).toMatchObject({ status: 412, etag: doc.etag, instance: '/doc' });
    expect(handlerCalls).toEqual([]);
  });

  it('hands the evaluated validators to the handler when If-Match holds', async () => {
    const res = await fetch(`${base}/doc`, { method: 'PUT', headers: { 'If-Match': '"v1"' } });
    expect(res.status).toBe(200);
    expect(doc.etag).toBe('"v2"');
    const again = await fetch(`${base}/doc`, { method: 'PUT', headers: { 'If-Match': '"v1"' } });
    expect(again.status).toBe(412);
    expect(again.headers.get('etag')).toBe('"v2"');
  });

  it('lets the route answer 404 when the loader finds no resource, even without a precondition', async () => {
    handlerCalls.length = 0;
    const res = await fetch(`${base}/items/missing`, { method: 'PATCH' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404 });
    expect(handlerCalls).toEqual(['missing']);
    expect((await fetch(`${base}/items/doc`, { method: 'PATCH' })).status).toBe(428);
  });

  it('uses the problem hook for the body but keeps status and content type', async () => {
    const res = await fetch(`${base}/custom`, { method: 'DELETE' });
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 428, hint: 'DELETE needs If-Match' });
  });
});

describe('PreconditionFailedError', () => {
  it('becomes a 412 with the current ETag and Last-Modified', async () => {
    const res = await fetch(`${base}/race`, { method: 'POST' });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"now"');
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(await res.json()).toMatchObject({ status: 412, detail: 'lost the race', etag: '"now"' });
  });
});

describe('after the fact', () => {
  it('adds a strong ETag to a buffered 200 and answers 304 when it is sent back', async () => {
    const first = await get('/plain');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(await first.text()).toBe('plain text body');
    const second = await get('/plain', { 'If-None-Match': etag as string });
    expect(second.status).toBe(304);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toBe('no-cache');
    expect(second.headers.get('set-cookie')).toBe('a=b');
    expect(second.headers.get('content-type')).toBeNull();
    expect(await second.text()).toBe('');
  });

  it('hashes exactly the JSON bytes it sends', async () => {
    const res = await get('/json');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ n: 1, list: [1, 2, 3] });
    const { generateEntityTag } = await import('@precond/core/etag');
    expect(res.headers.get('etag')).toBe(generateEntityTag(text));
  });

  it('answers HEAD like GET, 304 included', async () => {
    const etag = (await get('/json')).headers.get('etag') as string;
    const head = await get('/json', {}, 'HEAD');
    expect(head.headers.get('etag')).toBe(etag);
    const conditional = await get('/json', { 'If-None-Match': etag }, 'HEAD');
    expect(conditional.status).toBe(304);
  });

  it('412 for a GET whose If-Match does not match', async () => {
    const res = await get('/plain', { 'If-Match': '"nope"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('412 keeps the fields about the response and drops the content and caching fields of the 200', async () => {
    const etag = (await get('/cors')).headers.get('etag');
    const res = await get('/cors', { 'If-Match': '"nope"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('set-cookie')).toBe('session=1');
    expect(res.headers.get('x-request-id')).toBe('abc');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('expires')).toBeNull();
    expect(res.headers.get('content-language')).toBeNull();
    expect(res.headers.get('etag')).toBe(etag);
    expect(await res.json()).toMatchObject({ status: 412, etag });
  });

  it('leaves a streamed body untagged and whole', async () => {
    const res = await get('/stream');
    expect(res.headers.get('etag')).toBeNull();
    expect(await res.text()).toBe('streamed body');
  });

  it('evaluates against the ETag and Last-Modified the handler set itself', async () => {
    const byTag = await get('/tagged', { 'If-None-Match': '"own"' });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe('W/"own"');
    const byDate = await get('/tagged', { 'If-Modified-Since': lastModified.toUTCString() });
    expect(byDate.status).toBe(304);
  });

  it('generates a weak tag when asked, and none when turned off', async () => {
    expect((await get('/weak')).headers.get('etag')).toMatch(/^W\/"/);
    expect((await get('/untagged')).headers.get('etag')).toBeNull();
  });

  it('leaves error responses alone', async () => {
    const res = await get('/error', { 'If-None-Match': '*' });
    expect(res.status).toBe(500);
    expect(res.headers.get('etag')).toBeNull();
  });
});

describeCacheFields({
  cached: (headers) => get('/cached', headers),
  overridden: () => get('/cached-overridden'),
  etag: () => doc.etag,
  handlerRuns: () => handlerCalls.filter((name) => name === 'cached').length,
});

const retrievalRoutes = { baseUrl: () => base, handlerRuns: () => itemRuns };
describeQuery(retrievalRoutes);
describeRepeatedLines(retrievalRoutes);
