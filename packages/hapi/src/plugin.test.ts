import { Readable } from 'node:stream';
import type { Server } from '@hapi/hapi';
import Hapi from '@hapi/hapi';
import { CACHE_FIELDS, describeCacheFields } from '@precond/adapter-suite';
import type { Validators } from '@precond/core';
import { codedEntityTag } from '@precond/core';
import { generateEntityTag } from '@precond/core/etag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, precond } from './index.js';

const lastModified = new Date('2026-01-02T03:04:05Z');
let doc = { text: 'hello', etag: '"v1"' };
const handlerCalls: string[] = [];
const large = 'precond '.repeat(400); // 3200 bytes: hapi compresses from 1024
const jsonBody = { n: 1, list: [1, 2, 3], html: '<b>&</b>' };
const cacheFields = CACHE_FIELDS;

async function buildServer(): Promise<Server> {
  const server = Hapi.server({ host: '127.0.0.1', port: 0 });
  await server.register({ plugin: precond });
  const validators = (): Validators => ({ exists: true, etag: doc.etag, lastModified });

  server.route([
    {
      method: 'GET',
      path: '/doc',
      options: { plugins: { precond: { validators } } },
      handler: (_request, h) => {
        handlerCalls.push('get');
        return h.response({ text: doc.text }).header('cache-control', 'no-cache');
      },
    },
    {
      method: 'PUT',
      path: '/doc',
      options: {
        plugins: { precond: { validators, requirePreconditions: true } },
        payload: { maxBytes: 64 },
        validate: {
          payload: async (value: unknown) => {
            if (value !== null && typeof value === 'object' && 'bad' in value) throw new Error('bad payload');
            return value;
          },
        },
      },
      handler: (request) => {
        handlerCalls.push('put');
        if (request.plugins.precond?.validators?.etag !== doc.etag)
          throw new PreconditionFailedError({ etag: doc.etag });
        doc = { text: 'changed', etag: '"v2"' };
        return { ok: true };
      },
    },
    {
      method: 'PATCH',
      path: '/missing',
      options: { plugins: { precond: { validators: () => undefined, requirePreconditions: true } } },
      handler: (_request, h) => {
        handlerCalls.push('missing');
        return h.response({ type: 'about:blank', title: 'Not Found', status: 404 }).code(404);
      },
    },
    {
      method: 'POST',
      path: '/race',
      handler: () => {
        throw new PreconditionFailedError({ etag: '"now"', lastModified, message: 'lost the race' });
      },
    },
    {
      method: 'GET',
      path: '/race',
      handler: () => {
        throw new PreconditionFailedError({ etag: '"now"' });
      },
    },
    {
      method: 'GET',
      path: '/plain',
      handler: (_request, h) =>
        h.response('plain text body').header('cache-control', 'no-cache').header('set-cookie', 'a=b'),
    },
    {
      method: 'GET',
      path: '/cors',
      handler: (_request, h) =>
        h
          .response('with fields about the response')
          .header('access-control-allow-origin', 'https://app.example')
          .header('set-cookie', 'session=1')
          .header('cache-control', 'max-age=60')
          .header('expires', 'Thu, 01 Jan 2026 00:00:00 GMT')
          .header('content-language', 'en')
          .header('x-request-id', 'abc'),
    },
    {
      method: 'GET',
      path: '/cached',
      options: { plugins: { precond: { validators, cacheFields } } },
      handler: () => {
        handlerCalls.push('cached');
        return { text: doc.text };
      },
    },
    {
      method: 'GET',
      path: '/cached-overridden',
      options: { plugins: { precond: { validators, cacheFields } } },
      handler: (_request, h) => h.response({ text: doc.text }).header('cache-control', 'no-store'),
    },
    { method: 'GET', path: '/json', handler: () => jsonBody },
    {
      method: 'GET',
      path: '/json-formatted',
      options: { json: { space: 2, suffix: '\n', escape: true } },
      handler: (_request, h) => h.response(jsonBody).spaces(1),
    },
    {
      method: 'GET',
      path: '/stream',
      handler: (_request, h) =>
        h.response(Readable.from(['streamed ', 'body'], { objectMode: false })).type('text/plain'),
    },
    {
      method: 'GET',
      path: '/tagged',
      handler: (_request, h) =>
        h
          .response('has its own tag')
          .header('etag', 'W/"own"')
          .header('last-modified', lastModified.toUTCString()),
    },
    { method: 'GET', path: '/error', handler: (_request, h) => h.response('failure').code(500) },
    {
      method: 'GET',
      path: '/weak',
      options: { plugins: { precond: { etag: 'weak' } } },
      handler: () => 'weakly tagged',
    },
    {
      method: 'GET',
      path: '/untagged',
      options: { plugins: { precond: { etag: false } } },
      handler: () => 'no tag',
    },
    {
      method: 'DELETE',
      path: '/custom',
      options: {
        plugins: {
          precond: {
            validators,
            requirePreconditions: true,
            problem: (problem, context) => ({ ...problem, hint: `${context.method} needs If-Match` }),
          },
        },
      },
      handler: (_request, h) => h.response().code(204),
    },
    {
      method: 'GET',
      path: '/entity',
      handler: (_request, h) => {
        handlerCalls.push('entity');
        return h.entity({ etag: 'ent', modified: lastModified.toUTCString() }) ?? 'entity body';
      },
    },
    { method: 'GET', path: '/large', handler: () => large },
    { method: 'GET', path: '/large-hapi-etag', handler: (_request, h) => h.response(large).etag('big') },
    {
      method: 'GET',
      path: '/off',
      options: { plugins: { precond: false } },
      handler: () => 'precond is off here',
    },
    {
      method: 'PUT',
      path: '/off',
      options: { plugins: { precond: false } },
      handler: () => {
        throw new PreconditionFailedError({ etag: '"now"' });
      },
    },
  ]);
  return server;
}

let server: Server;
let base = '';

beforeAll(async () => {
  server = await buildServer();
  await server.start();
  base = server.info.uri;
});
afterAll(() => server.stop());

/** fetch asks for gzip unless told otherwise: the cases about coding say so themselves. */
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => {
  const fields = new Headers(headers);
  if (!fields.has('accept-encoding')) fields.set('accept-encoding', 'identity');
  return fetch(`${base}${path}`, { method, headers: fields });
};

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
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(await res.json()).toEqual({ text: doc.text });
  });

  it('428 with a problem body when a required precondition is missing', async () => {
    handlerCalls.length = 0;
    const res = await fetch(`${base}/doc`, { method: 'PUT' });
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
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
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
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
    const res = await fetch(`${base}/missing`, { method: 'PATCH' });
    expect(res.status).toBe(404);
  });

  it('uses the problem hook for the body but keeps status and content type', async () => {
    const res = await fetch(`${base}/custom`, { method: 'DELETE' });
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 428, hint: 'DELETE needs If-Match' });
  });

  it('lets hapi answer 400, 413 and 415 before any precondition is evaluated', async () => {
    handlerCalls.length = 0;
    const put = (body: string, type = 'application/json') =>
      fetch(`${base}/doc`, { method: 'PUT', headers: { 'Content-Type': type }, body });
    expect((await put('{"bad":true}')).status).toBe(400);
    expect((await put(JSON.stringify({ text: 'x'.repeat(100) }))).status).toBe(413);
    expect((await put('x', 'application/x-unknown')).status).toBe(415);
    expect(handlerCalls).toEqual([]);
  });

  it('keeps a 412 a 412 when If-None-Match names the ETag it carries (hapi does not re-check it)', async () => {
    const res = await get('/doc', { 'If-Match': '"stale"', 'If-None-Match': doc.etag });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe(doc.etag);
  });
});

describe('PreconditionFailedError', () => {
  it('becomes a 412 with the current ETag and Last-Modified', async () => {
    const res = await fetch(`${base}/race`, { method: 'POST' });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"now"');
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ status: 412, detail: 'lost the race', etag: '"now"' });
  });

  it('is recognised after hapi has boomified it into a 500', async () => {
    const seen: unknown[] = [];
    const probe = Hapi.server();
    probe.ext('onPreResponse', (request, h) => {
      seen.push(request.response);
      return h.continue;
    });
    probe.route({
      method: 'POST',
      path: '/',
      handler: () => {
        throw new PreconditionFailedError({ etag: '"x"' });
      },
    });
    expect((await probe.inject({ method: 'POST', url: '/' })).statusCode).toBe(500);
    const { isPreconditionFailed } = await import('./index.js');
    expect(seen[0]).toMatchObject({ isBoom: true, output: { statusCode: 500 } });
    expect(isPreconditionFailed(seen[0])).toBe(true);
  });

  it('keeps a GET 412 a 412 when If-None-Match names its ETag', async () => {
    const res = await get('/race', { 'If-None-Match': '"now"' });
    expect(res.status).toBe(412);
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
    expect(JSON.parse(text)).toEqual(jsonBody);
    expect(res.headers.get('etag')).toBe(generateEntityTag(text));
  });

  it('hashes exactly the JSON bytes hapi sends with route and response json options', async () => {
    const res = await get('/json-formatted');
    const text = await res.text();
    expect(text).toContain('\\u003cb\\u003e\\u0026');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n "n": 1');
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
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers HEAD with the same 412 fields and no body', async () => {
    const res = await get('/plain', { 'If-Match': '"nope"' }, 'HEAD');
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toMatch(/^"/);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.text()).toBe('');
  });

  it('keeps that 412 a 412 when If-None-Match names the current ETag', async () => {
    const etag = (await get('/plain')).headers.get('etag') as string;
    const res = await get('/plain', { 'If-Match': '"nope"', 'If-None-Match': etag });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe(etag);
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

  it('answers 200 to an If-Modified-Since that is no HTTP-date, which hapi alone would take for a 304', async () => {
    const res = await get('/tagged', { 'If-Modified-Since': lastModified.toISOString() });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('has its own tag');
  });

  it('generates a weak tag when asked, and none when turned off', async () => {
    expect((await get('/weak')).headers.get('etag')).toMatch(/^W\/"/);
    expect((await get('/untagged')).headers.get('etag')).toBeNull();
  });

  it('leaves error responses alone', async () => {
    const res = await get('/error', { 'If-None-Match': '*' });
    expect(res.status).toBe(500);
    expect(res.headers.get('etag')).toBeNull();
    const missing = await get('/nowhere', { 'If-None-Match': '*' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
  });
});

describe('alongside hapi', () => {
  it("keeps h.entity()'s validators instead of tagging over them", async () => {
    const res = await get('/entity');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"ent"');
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(await res.text()).toBe('entity body');
  });

  it("leaves h.entity()'s own 304 as hapi answered it", async () => {
    handlerCalls.length = 0;
    // hapi's own 304 carries "ent-gzip" to a client that accepts gzip, even for a 200 too small to compress.
    const res = await get('/entity', { 'If-None-Match': '"ent"', 'Accept-Encoding': 'identity' });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe('"ent"');
    expect(handlerCalls).toEqual(['entity']);
  });

  it('adds 412 to an h.entity() route whose If-Match is stale', async () => {
    const res = await get('/entity', { 'If-Match': '"stale"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"ent"');
  });

  it('tags a gzip body apart from the identity one and revalidates it with the tag it was sent with', async () => {
    const first = await get('/large', { 'Accept-Encoding': 'gzip' });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(first.headers.get('vary')).toBe('accept-encoding');
    expect(await first.text()).toBe(large);
    const identity = generateEntityTag(large);
    const etag = first.headers.get('etag') as string;
    expect(etag).toBe(codedEntityTag(identity, 'gzip'));
    const again = await get('/large', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('vary')).toBe('accept-encoding');
    const plain = await get('/large', { 'If-None-Match': etag });
    expect(plain.status).toBe(304);
    expect(plain.headers.get('etag')).toBe(identity);
  });

  it('gives a body too short to compress the Vary and tag of the coding its 304 carries', async () => {
    const short = await get('/plain', { 'Accept-Encoding': 'gzip' });
    expect(short.headers.get('content-encoding')).toBeNull();
    const etag = short.headers.get('etag') as string;
    const again = await get('/plain', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    for (const name of ['etag', 'vary', 'cache-control']) {
      expect(again.headers.get(name), name).toBe(short.headers.get(name));
    }
    expect(short.headers.get('vary')).toBe('accept-encoding');
  });

  it("revalidates hapi's -gzip suffixed ETag (hapi matches the suffix itself)", async () => {
    const first = await get('/large-hapi-etag', { 'Accept-Encoding': 'gzip' });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    expect(first.headers.get('etag')).toBe('"big-gzip"');
    const again = await get('/large-hapi-etag', { 'Accept-Encoding': 'gzip', 'If-None-Match': '"big-gzip"' });
    expect(again.status).toBe(304);
    const plain = await get('/large-hapi-etag', { 'Accept-Encoding': 'identity', 'If-None-Match': '"big"' });
    expect(plain.status).toBe(304);
  });

  it('turns precond off for a route with plugins.precond: false', async () => {
    expect((await get('/off')).headers.get('etag')).toBeNull();
    expect((await fetch(`${base}/off`, { method: 'PUT' })).status).toBe(500);
  });

  it('takes plugin options as defaults that a route overrides', async () => {
    const app = Hapi.server();
    await app.register({ plugin: precond, options: { etag: 'weak', requirePreconditions: true } });
    const validators = () => ({ exists: true, etag: '"a"' });
    app.route([
      { method: 'GET', path: '/weak', handler: () => 'body' },
      {
        method: 'GET',
        path: '/strong',
        options: { plugins: { precond: { etag: 'strong' } } },
        handler: () => 'body',
      },
      {
        method: 'PUT',
        path: '/required',
        options: { plugins: { precond: { validators } } },
        handler: () => 'ok',
      },
      {
        method: 'PUT',
        path: '/optional',
        options: { plugins: { precond: { validators, requirePreconditions: false } } },
        handler: () => 'ok',
      },
    ]);
    expect((await app.inject('/weak')).headers.etag).toMatch(/^W\//);
    expect((await app.inject('/strong')).headers.etag).toMatch(/^"/);
    expect((await app.inject({ method: 'PUT', url: '/required' })).statusCode).toBe(428);
    expect((await app.inject({ method: 'PUT', url: '/optional' })).statusCode).toBe(200);
  });

  it('puts the proceed result on request.plugins.precond, and lets the handler set its own ETag', async () => {
    const app = Hapi.server();
    await app.register({ plugin: precond });
    app.route({
      method: 'GET',
      path: '/',
      options: { plugins: { precond: { validators: () => ({ exists: true, etag: '"a"' }) } } },
      handler: (request) => ({ state: request.plugins.precond }),
    });
    app.route({
      method: 'GET',
      path: '/own',
      options: { plugins: { precond: { validators: () => ({ exists: true, etag: '"a"', lastModified }) } } },
      handler: (_request, h) => h.response('rendered').header('etag', '"rendered"'),
    });
    const own = await app.inject('/own');
    expect(own.headers.etag).toBe('"rendered"');
    expect(own.headers['last-modified']).toBe(lastModified.toUTCString());
    const res = await app.inject({ url: '/', headers: { range: 'bytes=0-1', 'if-range': '"b"' } });
    expect(res.result).toMatchObject({
      state: { validators: { etag: '"a"' }, evaluation: { outcome: 'proceed' }, ignoreRange: true },
    });
  });
});

describeCacheFields({
  cached: (headers) => get('/cached', headers),
  overridden: () => get('/cached-overridden'),
  etag: () => doc.etag,
  handlerRuns: () => handlerCalls.filter((name) => name === 'cached').length,
  vary: 'Accept,accept-encoding', // hapi compresses JSON: the 200 and the 304 vary on Accept-Encoding too
});
