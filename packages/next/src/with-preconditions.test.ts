import { CACHE_FIELDS, describeCacheFields } from '@precond/adapter-suite';
import type { Validators } from '@precond/core';
import { generateEntityTag as nodeEntityTag } from '@precond/core/etag';
import { generateEntityTag } from '@precond/core/etag-web';
import { describe, expect, it } from 'vitest';
import type { PreconditionResult, RouteHandler } from './index.js';
import { HASHED_LENGTH_LIMIT, json, PreconditionFailedError, text, withPreconditions } from './index.js';

// Route modules as a Next.js app would export them (`export const GET = withPreconditions(…)`),
// called the way Next calls them: a Fetch Request and `{ params: Promise<…> }`.

type IdContext = { params: Promise<{ id: string }> };

const lastModified = new Date('2026-01-02T03:04:05Z');
let doc = { text: 'hello', etag: '"v1"' };
const handlerCalls: string[] = [];
const handedOver: PreconditionResult[] = [];

const loadValidators = async (_request: Request, { params }: IdContext): Promise<Validators | undefined> =>
  (await params).id === 'doc' ? { exists: true, etag: doc.etag, lastModified } : undefined;

const docRoute = {
  GET: withPreconditions(
    async (_request, { params }: IdContext, precond) => {
      handlerCalls.push(`get ${(await params).id}`);
      handedOver.push(precond);
      return json({ text: doc.text }, { headers: { 'cache-control': 'no-cache' } });
    },
    { validators: loadValidators },
  ),
  PUT: withPreconditions(
    async (_request, _context: IdContext, { validators }) => {
      handlerCalls.push('put');
      if (validators?.etag !== doc.etag) throw new PreconditionFailedError({ etag: doc.etag });
      doc = { text: 'changed', etag: '"v2"' };
      return json({ ok: true });
    },
    { validators: loadValidators, requirePreconditions: true },
  ),
  PATCH: withPreconditions(
    async () => {
      handlerCalls.push('patch');
      return json({ type: 'about:blank', title: 'Not Found', status: 404 }, { status: 404 });
    },
    { validators: loadValidators, requirePreconditions: true },
  ),
  DELETE: withPreconditions(async () => new Response(null, { status: 204 }), {
    validators: loadValidators,
    requirePreconditions: true,
    problem: (problem, context) => ({ ...problem, hint: `${context.method} needs If-Match` }),
  }),
};

const cacheFields = CACHE_FIELDS;
const cachedRoute = {
  GET: withPreconditions(
    async (_request, _context: IdContext) => {
      handlerCalls.push('cached');
      return json({ text: doc.text });
    },
    { validators: loadValidators, cacheFields },
  ),
  overridden: withPreconditions(
    async (_request, _context: IdContext) =>
      json({ text: doc.text }, { headers: { 'cache-control': 'no-store' } }),
    { validators: loadValidators, cacheFields },
  ),
};

const routes = {
  cors: withPreconditions(() =>
    text('with fields about the response', {
      headers: [
        ['access-control-allow-origin', 'https://app.example'],
        ['set-cookie', 'session=1'],
        ['set-cookie', 'theme=dark'],
        ['cache-control', 'max-age=60'],
        ['expires', 'Thu, 01 Jan 2026 00:00:00 GMT'],
        ['content-language', 'en'],
        ['x-request-id', 'abc'],
      ],
    }),
  ),
  race: withPreconditions(() => {
    throw new PreconditionFailedError({ etag: '"now"', lastModified, message: 'lost the race' });
  }),
  broken: withPreconditions(() => {
    throw new Error('not a precondition');
  }),
  plain: withPreconditions(() =>
    text('plain text body', {
      headers: [
        ['cache-control', 'no-cache'],
        ['set-cookie', 'a=b'],
        ['set-cookie', 'c=d'],
      ],
    }),
  ),
  json: withPreconditions(() => json({ n: 1, list: [1, 2, 3], note: 'é' })),
  fetchJson: withPreconditions(() => Response.json({ n: 1 })),
  declared: withPreconditions(
    () =>
      new Response('declared length', { headers: { 'content-length': String('declared length'.length) } }),
  ),
  oversized: withPreconditions(
    () =>
      new Response(new Uint8Array(HASHED_LENGTH_LIMIT + 1), {
        headers: { 'content-length': String(HASHED_LENGTH_LIMIT + 1) },
      }),
  ),
  stream: withPreconditions(() => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('streamed '));
        controller.enqueue(encoder.encode('body'));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/plain' } });
  }),
  tagged: withPreconditions(() =>
    text('has its own tag', { headers: { etag: 'W/"own"', 'last-modified': lastModified.toUTCString() } }),
  ),
  error: withPreconditions(() => text('failure', { status: 500 })),
  weak: withPreconditions(() => text('weakly tagged'), { etag: 'weak' }),
  untagged: withPreconditions(() => text('no tag'), { etag: false }),
};

function call<Ctx>(
  handler: RouteHandler<Request, Ctx>,
  path: string,
  context: Ctx,
  init: RequestInit = {},
): Promise<Response> {
  return handler(new Request(`http://localhost${path}`, init), context);
}

const withId = (id: string): IdContext => ({ params: Promise.resolve({ id }) });
const noParams = { params: Promise.resolve({}) };
const get = (name: keyof typeof routes, headers: Record<string, string> = {}, method = 'GET') =>
  call(routes[name], `/${name}`, noParams, { method, headers });

describe('validator-first', () => {
  it('answers 304 from the validators without calling the handler, keeping the validators', async () => {
    handlerCalls.length = 0;
    const res = await call(docRoute.GET, '/doc', withId('doc'), {
      headers: { 'If-None-Match': doc.etag, 'Cache-Control': 'no-cache' },
    });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
    expect(handlerCalls).toEqual([]);
  });

  it('calls the handler with the params and the evaluation, and sets ETag and Last-Modified', async () => {
    handlerCalls.length = 0;
    handedOver.length = 0;
    const res = await call(docRoute.GET, '/doc', withId('doc'), { headers: { 'If-None-Match': '"other"' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({ text: doc.text });
    expect(handlerCalls).toEqual(['get doc']);
    expect(handedOver).toEqual([
      {
        validators: { exists: true, etag: doc.etag, lastModified },
        evaluation: expect.objectContaining({ outcome: 'proceed', ignoreRange: false }),
        ignoreRange: false,
        writeCondition: { kind: 'etags', etags: [doc.etag] },
      },
    ]);
  });

  it('428 with a problem body when a required precondition is missing', async () => {
    handlerCalls.length = 0;
    const res = await call(docRoute.PUT, '/doc', withId('doc'), { method: 'PUT' });
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ status: 428, title: 'Precondition Required', instance: '/doc' });
    expect(body.acceptedConditions).toContain('If-Match');
    expect(handlerCalls).toEqual([]);
  });

  it('412 with the current ETag when If-Match is stale, without calling the handler', async () => {
    handlerCalls.length = 0;
    const res = await call(docRoute.PUT, '/doc?draft=1', withId('doc'), {
      method: 'PUT',
      headers: { 'If-Match': '"stale"' },
    });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe(doc.etag);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 412, etag: doc.etag, instance: '/doc?draft=1' });
    expect(handlerCalls).toEqual([]);
  });

  it('hands the evaluated validators to the handler when If-Match holds', async () => {
    const res = await call(docRoute.PUT, '/doc', withId('doc'), {
      method: 'PUT',
      headers: { 'If-Match': '"v1"' },
    });
    expect(res.status).toBe(200);
    expect(doc.etag).toBe('"v2"');
    const again = await call(docRoute.PUT, '/doc', withId('doc'), {
      method: 'PUT',
      headers: { 'If-Match': '"v1"' },
    });
    expect(again.status).toBe(412);
    expect(again.headers.get('etag')).toBe('"v2"');
  });

  it('lets the route answer 404 when the loader finds no resource, even without a precondition', async () => {
    handlerCalls.length = 0;
    const res = await call(docRoute.PATCH, '/missing', withId('missing'), { method: 'PATCH' });
    expect(res.status).toBe(404);
    expect(handlerCalls).toEqual(['patch']);
  });

  it('uses the problem hook for the body but keeps status and content type', async () => {
    const res = await call(docRoute.DELETE, '/doc', withId('doc'), { method: 'DELETE' });
    expect(res.status).toBe(428);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 428, hint: 'DELETE needs If-Match' });
  });

  it('keeps an ETag the handler set, and adds the validators to a response whose headers are immutable', async () => {
    const own = withPreconditions(() => text('mine', { headers: { etag: '"mine"' } }), {
      validators: () => ({ exists: true, etag: '"loaded"', lastModified }),
    });
    const res = await call(own, '/own', noParams);
    expect(res.headers.get('etag')).toBe('"mine"');
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());

    const fetched = withPreconditions(() => fetch('data:application/json,{"a":1}'), {
      validators: () => ({ exists: true, etag: '"loaded"' }),
    });
    const proxied = await call(fetched, '/fetched', noParams);
    expect(proxied.headers.get('etag')).toBe('"loaded"');
    expect(await proxied.json()).toEqual({ a: 1 });
  });
});

describe('PreconditionFailedError', () => {
  it('becomes a 412 with the current ETag and Last-Modified', async () => {
    const res = await get('race', {}, 'POST');
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"now"');
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ status: 412, detail: 'lost the race', etag: '"now"' });
  });

  it('leaves any other error to Next', async () => {
    await expect(get('broken')).rejects.toThrow('not a precondition');
  });
});

describe('after the fact', () => {
  it('adds a strong ETag to a buffered 200 and answers 304 when it is sent back', async () => {
    const first = await get('plain');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(await first.text()).toBe('plain text body');
    const second = await get('plain', { 'If-None-Match': etag as string });
    expect(second.status).toBe(304);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('cache-control')).toBe('no-cache');
    expect(second.headers.getSetCookie()).toEqual(['a=b', 'c=d']);
    expect(second.headers.get('content-type')).toBeNull();
    expect(second.headers.get('content-length')).toBeNull();
    expect(await second.text()).toBe('');
  });

  it('hashes exactly the bytes it sends, with the same tag as the Node generator', async () => {
    const res = await get('json');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({ n: 1, list: [1, 2, 3], note: 'é' });
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(res.headers.get('etag')).toBe(await generateEntityTag(bytes));
    expect(res.headers.get('etag')).toBe(nodeEntityTag(bytes));
  });

  it('answers HEAD like GET, 304 included', async () => {
    const etag = (await get('json')).headers.get('etag') as string;
    const head = await get('json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    const conditional = await get('json', { 'If-None-Match': etag }, 'HEAD');
    expect(conditional.status).toBe(304);
  });

  it('412 for a GET whose If-Match does not match', async () => {
    const res = await get('plain', { 'If-Match': '"nope"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('412 keeps the fields about the response and drops the content and caching fields of the 200', async () => {
    const etag = (await get('cors')).headers.get('etag');
    const res = await get('cors', { 'If-Match': '"nope"' });
    expect(res.status).toBe(412);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.getSetCookie()).toEqual(['session=1', 'theme=dark']);
    expect(res.headers.get('x-request-id')).toBe('abc');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('expires')).toBeNull();
    expect(res.headers.get('content-language')).toBeNull();
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('etag')).toBe(etag);
    expect(await res.json()).toMatchObject({ status: 412, etag });
  });

  it('leaves a streamed body untagged and whole', async () => {
    const res = await get('stream', { 'If-None-Match': '*' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
    expect(await res.text()).toBe('streamed body');
  });

  it('hashes a body that declares its Content-Length, up to the limit, and no other stream', async () => {
    const declared = await get('declared');
    expect(declared.headers.get('etag')).toBe(await generateEntityTag('declared length'));
    expect(await declared.text()).toBe('declared length');
    const oversized = await get('oversized');
    expect(oversized.headers.get('etag')).toBeNull();
    expect((await oversized.arrayBuffer()).byteLength).toBe(HASHED_LENGTH_LIMIT + 1);
    const fetchJson = await get('fetchJson');
    expect(fetchJson.headers.get('etag')).toBeNull();
    expect(await fetchJson.json()).toEqual({ n: 1 });
  });

  it('evaluates against the ETag and Last-Modified the handler set itself', async () => {
    const byTag = await get('tagged', { 'If-None-Match': '"own"' });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe('W/"own"');
    const byDate = await get('tagged', { 'If-Modified-Since': lastModified.toUTCString() });
    expect(byDate.status).toBe(304);
  });

  it('generates a weak tag when asked, and none when turned off', async () => {
    expect((await get('weak')).headers.get('etag')).toMatch(/^W\/"/);
    expect((await get('untagged')).headers.get('etag')).toBeNull();
  });

  it('leaves error responses alone', async () => {
    const res = await get('error', { 'If-None-Match': '*' });
    expect(res.status).toBe(500);
    expect(res.headers.get('etag')).toBeNull();
    expect(await res.text()).toBe('failure');
  });
});

describe('json() and text()', () => {
  it('build the responses Response.json() and a string body would, with a Content-Length', async () => {
    const res = json({ a: 1 }, { status: 201, headers: { 'x-id': '1' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-length')).toBe('7');
    expect(res.headers.get('x-id')).toBe('1');
    expect(await res.text()).toBe('{"a":1}');
    const typed = text('<a/>', { headers: { 'content-type': 'application/xml' } });
    expect(typed.headers.get('content-type')).toBe('application/xml');
    expect(text('é').headers.get('content-length')).toBe('2');
    expect(text('').headers.get('content-type')).toBe('text/plain;charset=UTF-8');
  });

  it('throw as Response.json() does for a value JSON cannot represent', () => {
    expect(() => json(undefined)).toThrow(TypeError);
  });
});

describeCacheFields({
  cached: (headers = {}) => call(cachedRoute.GET, '/doc', withId('doc'), { headers }),
  overridden: () => call(cachedRoute.overridden, '/doc', withId('doc')),
  etag: () => doc.etag,
  handlerRuns: () => handlerCalls.filter((name) => name === 'cached').length,
  jsonContentType: 'application/json',
  vary: 'Accept, accept-encoding', // Next compresses: the 200 and the 304 vary on Accept-Encoding too
});
