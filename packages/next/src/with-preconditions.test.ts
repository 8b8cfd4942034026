import { generateEntityTag } from '@precond/core/etag-web';
import { describe, expect, it } from 'vitest';
import type { PreconditionResult, RouteHandler } from './index.js';
import { HASHED_LENGTH_LIMIT, json, text, withPreconditions } from './index.js';

// What only an App Router route handler does, called the way Next calls it: a Fetch Request and
// `{ params: Promise<…> }`. Everything every adapter does is in ./adapter-suite.test.ts.

type IdContext = { params: Promise<{ id: string }> };

const lastModified = new Date('2026-01-02T03:04:05Z');

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

describe('validator-first', () => {
  it("hands the route's params to the loader and the handler, the handler its result too", async () => {
    const handedOver: [string, PreconditionResult][] = [];
    const GET = withPreconditions(
      async (_request, { params }: IdContext, precond) => {
        handedOver.push([(await params).id, precond]);
        return json({ found: true });
      },
      {
        loadValidators: async (_request, { params }) =>
          (await params).id === 'doc' ? { exists: true, etag: '"v1"' } : undefined,
      },
    );
    expect((await call(GET, '/doc', withId('doc'), { headers: { 'If-None-Match': '"v1"' } })).status).toBe(
      304,
    );
    expect((await call(GET, '/doc', withId('doc'))).headers.get('etag')).toBe('"v1"');
    expect((await call(GET, '/other', withId('other'))).headers.get('etag')).toBeNull();
    expect(handedOver.map(([id, precond]) => [id, precond.validators?.etag])).toEqual([
      ['doc', '"v1"'],
      ['other', undefined],
    ]);
  });

  it('keeps an ETag the handler set, and adds the validators to a response whose headers are immutable', async () => {
    const own = withPreconditions(() => text('mine', { headers: { etag: '"mine"' } }), {
      loadValidators: () => ({ exists: true, etag: '"loaded"', lastModified }),
    });
    const res = await call(own, '/own', noParams);
    expect(res.headers.get('etag')).toBe('"mine"');
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());

    const fetched = withPreconditions(() => fetch('data:application/json,{"a":1}'), {
      loadValidators: () => ({ exists: true, etag: '"loaded"' }),
    });
    const proxied = await call(fetched, '/fetched', noParams);
    expect(proxied.headers.get('etag')).toBe('"loaded"');
    expect(await proxied.json()).toEqual({ a: 1 });
  });
});

describe('content coding', () => {
  const loadValidators = () => ({ exists: true, etag: '"v1"' });
  const gzip = { headers: { 'accept-encoding': 'gzip' } };

  it("codes the tag on the handler's own response, its body left as the handler made it", async () => {
    const made: Response[] = [];
    const GET = withPreconditions(
      () => {
        const response = Response.json({ a: 1 });
        made.push(response);
        return response;
      },
      { loadValidators },
    );
    const res = await call(GET, '/doc', noParams, gzip);
    expect(res).toBe(made[0]);
    expect(res.headers.get('etag')).toBe('"v1-gzip"');
    expect(res.headers.get('vary')).toBe('accept-encoding');
  });

  it('codes the tag on a copy of a response whose headers are immutable', async () => {
    const GET = withPreconditions(() => fetch('data:application/json,{"a":1}'), { loadValidators });
    const res = await call(GET, '/doc', noParams, gzip);
    expect(res.headers.get('etag')).toBe('"v1-gzip"');
    expect(res.headers.get('vary')).toBe('accept-encoding');
    expect(await res.json()).toEqual({ a: 1 });
  });

  it("tags the coding Next's compression applies: gzip whenever gzip is acceptable at all", async () => {
    const GET = withPreconditions(() => json({ a: 1 }), { loadValidators });
    const tagFor = async (acceptEncoding: string) =>
      (await call(GET, '/doc', noParams, { headers: { 'accept-encoding': acceptEncoding } })).headers.get(
        'etag',
      );
    expect(await tagFor('gzip;q=0.5, deflate')).toBe('"v1-gzip"');
    expect(await tagFor('deflate, gzip;q=0')).toBe('"v1-deflate"');
    expect(await tagFor('gzip;q=0.5, deflate, identity')).toBe('"v1"');
  });

  it('matches If-None-Match with the tag of the coding this response goes out in, and no other', async () => {
    const GET = withPreconditions(() => json({ a: 1 }), { loadValidators });
    const statusFor = async (acceptEncoding: string, ifNoneMatch: string) =>
      (
        await call(GET, '/doc', noParams, {
          headers: { 'accept-encoding': acceptEncoding, 'if-none-match': ifNoneMatch },
        })
      ).status;
    expect(await statusFor('gzip', '"v1-gzip"')).toBe(304);
    // A cache holding the gzip body asks for the identity one: it gets it, not a 304.
    expect(await statusFor('identity', '"v1-gzip"')).toBe(200);
    expect(await statusFor('identity', '"v1"')).toBe(304);
    expect(await statusFor('gzip', '"v1"')).toBe(200);
  });
});

describe('a 206', () => {
  const loadValidators = () => ({ exists: true, etag: '"v1"' });
  const cut = (vary?: string) =>
    withPreconditions(
      (request) => {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (vary !== undefined) headers.vary = vary;
        if (request.headers.get('range') === null) return new Response('abcdef', { headers });
        return new Response('ab', { status: 206, headers: { ...headers, 'content-range': 'bytes 0-1/6' } });
      },
      { loadValidators },
    );

  // RFC 9110 §15.3.7: a 206 carries the Vary the 200 to the same request would.
  it.each(['gzip', 'identity'])(
    'carries the Vary of its 200 (Accept-Encoding: %s), the identity tag and no-transform',
    async (acceptEncoding) => {
      const GET = cut();
      const headers = { 'accept-encoding': acceptEncoding };
      const whole = await call(GET, '/doc', noParams, { headers });
      const part = await call(GET, '/doc', noParams, { headers: { ...headers, range: 'bytes=0-1' } });
      expect([whole.status, part.status]).toEqual([200, 206]);
      expect(whole.headers.get('vary')).toBe('accept-encoding');
      expect(part.headers.get('vary')).toBe(whole.headers.get('vary'));
      expect(part.headers.get('etag')).toBe('"v1"');
      expect(part.headers.get('cache-control')).toBe('no-transform');
    },
  );

  it('keeps the Vary the handler set, naming Accept-Encoding once', async () => {
    const headers = { 'accept-encoding': 'gzip', range: 'bytes=0-1' };
    expect((await call(cut('Accept'), '/doc', noParams, { headers })).headers.get('vary')).toBe(
      'Accept, accept-encoding',
    );
    expect((await call(cut('Accept-Encoding'), '/doc', noParams, { headers })).headers.get('vary')).toBe(
      'Accept-Encoding',
    );
  });
});

describe('errors', () => {
  it('leaves any other error to Next', async () => {
    const broken = withPreconditions(() => {
      throw new Error('not a precondition');
    });
    await expect(call(broken, '/broken', noParams)).rejects.toThrow('not a precondition');
  });
});

describe('after the fact', () => {
  it("leaves Content-Length to Next's server on a 412: the 200's never reaches the problem body", async () => {
    const GET = withPreconditions(() => text('with a length of its own'));
    const res = await call(GET, '/plain', noParams, { headers: { 'If-Match': '"nope"' } });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-length')).toBeNull();
  });

  it('hashes a body that declares its Content-Length, up to the limit, and no other stream', async () => {
    const declared = withPreconditions(
      () =>
        new Response('declared length', { headers: { 'content-length': String('declared length'.length) } }),
    );
    const oversized = withPreconditions(
      () =>
        new Response(new Uint8Array(HASHED_LENGTH_LIMIT + 1), {
          headers: { 'content-length': String(HASHED_LENGTH_LIMIT + 1) },
        }),
    );
    const fetchJson = withPreconditions(() => Response.json({ n: 1 }));

    const declaredRes = await call(declared, '/declared', noParams);
    expect(declaredRes.headers.get('etag')).toBe(await generateEntityTag('declared length'));
    expect(await declaredRes.text()).toBe('declared length');
    const oversizedRes = await call(oversized, '/oversized', noParams);
    expect(oversizedRes.headers.get('etag')).toBeNull();
    expect((await oversizedRes.arrayBuffer()).byteLength).toBe(HASHED_LENGTH_LIMIT + 1);
    const fetchJsonRes = await call(fetchJson, '/fetchJson', noParams);
    expect(fetchJsonRes.headers.get('etag')).toBeNull();
    expect(await fetchJsonRes.json()).toEqual({ n: 1 });
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
