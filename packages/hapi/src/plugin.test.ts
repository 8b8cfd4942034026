import { connect } from 'node:net';
import type { Request, ResponseToolkit, Server } from '@hapi/hapi';
import Hapi from '@hapi/hapi';
import { codedEntityTag } from '@precond/core/adapter';
import { generateEntityTag } from '@precond/core/etag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, precond } from './index.js';

// What only hapi does: its payload checks, Boom, json options, its own 404, h.entity(), compression,
// plugin options and plugins.precond. Everything every adapter does is in ./adapter-suite.test.ts.

const lastModified = new Date('2026-01-02T03:04:05Z');
const handlerCalls: string[] = [];
const large = 'precond '.repeat(400); // 3200 bytes: hapi compresses from 1024
const jsonBody = { n: 1, list: [1, 2, 3], html: '<b>&</b>' };

async function buildServer(): Promise<Server> {
  const server = Hapi.server({ host: '127.0.0.1', port: 0 });
  await server.register({ plugin: precond });

  server.route([
    {
      method: 'PUT',
      path: '/doc',
      options: {
        plugins: {
          precond: { loadValidators: () => ({ exists: true, etag: '"v1"' }), requirePreconditions: true },
        },
        payload: { maxBytes: 64 },
        validate: {
          payload: async (value: unknown) => {
            if (value !== null && typeof value === 'object' && 'bad' in value) throw new Error('bad payload');
            return value;
          },
        },
      },
      handler: () => {
        handlerCalls.push('put');
        return { ok: true };
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
      path: '/json-formatted',
      options: { json: { space: 2, suffix: '\n', escape: true } },
      handler: (_request, h) => h.response(jsonBody).spaces(1),
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
    {
      method: 'GET',
      path: '/entity',
      handler: (_request, h) => {
        handlerCalls.push('entity');
        return h.entity({ etag: 'ent', modified: lastModified.toUTCString() }) ?? 'entity body';
      },
    },
    { method: 'GET', path: '/large', handler: () => large },
    {
      method: 'GET',
      path: '/validators-first',
      options: { plugins: { precond: { loadValidators: () => ({ exists: true, etag: '"v1"' }) } } },
      handler: () => large,
    },
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

describe('hapi first', () => {
  it('lets hapi answer 400, 413 and 415 before any precondition is evaluated', async () => {
    handlerCalls.length = 0;
    const put = (body: string, type = 'application/json') =>
      fetch(`${base}/doc`, { method: 'PUT', headers: { 'Content-Type': type }, body });
    expect((await put('{"bad":true}')).status).toBe(400);
    expect((await put(JSON.stringify({ text: 'x'.repeat(100) }))).status).toBe(413);
    expect((await put('x', 'application/x-unknown')).status).toBe(415);
    expect(handlerCalls).toEqual([]);
  });

  it('recognises a PreconditionFailedError after hapi has boomified it into a 500', async () => {
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

  it('hashes exactly the JSON bytes hapi sends with route and response json options', async () => {
    const res = await get('/json-formatted');
    const text = await res.text();
    expect(text).toContain('\\u003cb\\u003e\\u0026');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n "n": 1');
    expect(res.headers.get('etag')).toBe(generateEntityTag(text));
  });

  it('answers 200 to an If-Modified-Since that is no HTTP-date, which hapi alone would take for a 304', async () => {
    const res = await get('/tagged', { 'If-Modified-Since': lastModified.toISOString() });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('has its own tag');
  });

  it("leaves hapi's own 404 alone", async () => {
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

  it('keeps a thrown PreconditionFailedError a 412 after h.entity() (hapi would check the entity once more)', async () => {
    const app = Hapi.server();
    await app.register({ plugin: precond });
    app.route({
      method: 'GET',
      path: '/',
      handler: (_request, h) => {
        h.entity({ etag: 'ent' });
        throw new PreconditionFailedError({ etag: '"now"' });
      },
    });
    const res = await app.inject({ url: '/', headers: { 'if-none-match': '"ent"' } });
    expect(res.statusCode).toBe(412);
    expect(res.headers.etag).toBe('"now"');
  });

  const before = new Date(lastModified.getTime() - 1000).toUTCString();
  it.each([
    [
      'a stale If-Match beside an If-None-Match that names the tag',
      { 'If-Match': '"stale"', 'If-None-Match': '"ent"' },
    ],
    [
      'an If-Unmodified-Since before Last-Modified beside a later If-Modified-Since',
      { 'If-Unmodified-Since': before, 'If-Modified-Since': lastModified.toUTCString() },
    ],
  ])(
    'answers 412 where h.entity() found the request unmodified: %s (RFC 9110 §13.2.2)',
    async (_, headers) => {
      const res = await get('/entity', headers);
      expect(res.status).toBe(412);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('etag')).toBe('"ent"');
      expect(((await res.json()) as { status: number }).status).toBe(412);
    },
  );

  it.each([
    ['an ISO 8601 timestamp, which is no HTTP-date', { 'If-Modified-Since': '2030-01-01T00:00:00Z' }],
    ['two dates', { 'If-Modified-Since': `${lastModified.toUTCString()}, ${lastModified.toUTCString()}` }],
    ['a date later than now', { 'If-Modified-Since': new Date(Date.now() + 86_400_000).toUTCString() }],
    [
      'a date beside an If-None-Match that names no tag',
      { 'If-Modified-Since': lastModified.toUTCString(), 'If-None-Match': '"other"' },
    ],
  ])("sends h.entity()'s 200 on an If-Modified-Since RFC 9110 §13.1.3 ignores: %s", async (_, headers) => {
    const res = await get('/entity', headers);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('entity body');
  });

  it('gives two If-Modified-Since lines the 200 too (Node keeps only the first in request.headers)', async () => {
    const url = new URL(`${base}/entity`);
    const date = lastModified.toUTCString();
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.end(
          `GET /entity HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: ${date}\r\nIf-Modified-Since: ${date}\r\nConnection: close\r\n\r\n`,
        );
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(raw.endsWith('entity body')).toBe(true);
  });

  it("keeps h.entity()'s 304 for a valid If-Modified-Since not before Last-Modified", async () => {
    const res = await get('/entity', { 'If-Modified-Since': lastModified.toUTCString() });
    expect(res.status).toBe(304);
    expect(res.headers.get('last-modified')).toBe(lastModified.toUTCString());
  });

  it("gives a HEAD the GET's coding: Content-Encoding without the identity length, or neither for a short body", async () => {
    const headers = { 'Accept-Encoding': 'gzip' };
    const full = await get('/large', headers);
    const head = await get('/large', headers, 'HEAD');
    expect(full.headers.get('content-encoding')).toBe('gzip');
    expect(head.headers.get('content-encoding')).toBe('gzip');
    expect(head.headers.get('etag')).toBe(full.headers.get('etag'));
    expect(head.headers.get('content-length')).toBeNull();
    await full.arrayBuffer();
    const short = await get('/plain', headers, 'HEAD');
    expect(short.headers.get('content-encoding')).toBeNull();
    expect(short.headers.get('content-length')).toBe(String('plain text body'.length));
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
    // The identity body is another representation (RFC 9110 §8.8.3): the gzip tag does not name it, so a
    // cache holding the gzip body gets the identity one, not a 304 it would answer with gzip bytes.
    const plain = await get('/large', { 'If-None-Match': etag });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('etag')).toBe(identity);
    expect(await plain.text()).toBe(large);
    expect((await get('/large', { 'If-None-Match': identity })).status).toBe(304);
    expect((await get('/large', { 'Accept-Encoding': 'gzip', 'If-None-Match': identity })).status).toBe(200);
  });

  it('validator-first: If-None-Match matches the tag of the coding this response gets, and no other', async () => {
    const coded = codedEntityTag('"v1"', 'gzip');
    const gzip = await get('/validators-first', { 'Accept-Encoding': 'gzip', 'If-None-Match': coded });
    expect(gzip.status).toBe(304);
    expect(gzip.headers.get('etag')).toBe(coded);
    const identity = await get('/validators-first', {
      'Accept-Encoding': 'identity',
      'If-None-Match': coded,
    });
    expect(identity.status).toBe(200);
    expect(identity.headers.get('etag')).toBe('"v1"');
    expect((await get('/validators-first', { 'If-None-Match': '"v1"' })).status).toBe(304);
    expect(
      (await get('/validators-first', { 'Accept-Encoding': 'gzip', 'If-None-Match': '"v1"' })).status,
    ).toBe(200);
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
    await app.register({ plugin: precond, options: { etagGeneration: 'weak', requirePreconditions: true } });
    const loadValidators = () => ({ exists: true, etag: '"a"' });
    app.route([
      { method: 'GET', path: '/weak', handler: () => 'body' },
      {
        method: 'GET',
        path: '/strong',
        options: { plugins: { precond: { etagGeneration: 'strong' } } },
        handler: () => 'body',
      },
      {
        method: 'PUT',
        path: '/required',
        options: { plugins: { precond: { loadValidators } } },
        handler: () => 'ok',
      },
      {
        method: 'PUT',
        path: '/optional',
        options: { plugins: { precond: { loadValidators, requirePreconditions: false } } },
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
      options: { plugins: { precond: { loadValidators: () => ({ exists: true, etag: '"a"' }) } } },
      handler: (request) => ({ state: request.plugins.precond }),
    });
    app.route({
      method: 'GET',
      path: '/own',
      options: {
        plugins: { precond: { loadValidators: () => ({ exists: true, etag: '"a"', lastModified }) } },
      },
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

describe("hapi's ranges", () => {
  let app: Server;
  beforeAll(async () => {
    app = Hapi.server();
    await app.register({ plugin: precond });
    const weak = { precond: { etagGeneration: 'weak' as const } };
    app.route([
      { method: 'GET', path: '/weak', options: { plugins: weak }, handler: () => 'abcdef' },
      { method: 'GET', path: '/strong', handler: () => 'abcdef' },
      {
        method: 'GET',
        path: '/loaded-weak',
        options: { plugins: { precond: { loadValidators: () => ({ exists: true, etag: 'W/"w"' }) } } },
        handler: () => 'abcdef',
      },
    ]);
  });

  const ranged = async (url: string, ifRange?: string) => {
    const first = await app.inject(url);
    const etag = String(first.headers.etag);
    return app.inject({ url, headers: { range: 'bytes=0-1', 'if-range': ifRange ?? etag } });
  };

  it('cuts a range when If-Range is the strong ETag', async () => {
    const res = await ranged('/strong');
    expect(res.statusCode).toBe(206);
    expect(res.payload).toBe('ab');
  });

  it.each(['/weak', '/loaded-weak'])(
    'sends the whole of %s when If-Range is its weak ETag (RFC 9110 §13.1.5: a strong match only)',
    async (url) => {
      const res = await ranged(url);
      expect(res.statusCode).toBe(200);
      expect(res.payload).toBe('abcdef');
    },
  );

  it('sends the whole representation when If-Range names another tag', async () => {
    const res = await ranged('/strong', '"other"');
    expect(res.statusCode).toBe(200);
    expect(res.payload).toBe('abcdef');
  });
});

describe("precond's decision stands against hapi's own 304 check", () => {
  let app: Server;
  beforeAll(async () => {
    app = Hapi.server();
    await app.register({ plugin: precond });
    app.route([
      {
        method: 'GET',
        path: '/part',
        options: { plugins: { precond: { loadValidators: () => ({ exists: true, etag: '"p"' }) } } },
        handler: (_request, h) =>
          h.response('ab').code(206).type('text/plain').header('content-range', 'bytes 0-1/6'),
      },
      { method: 'GET', path: '/whole', handler: () => 'abcdef' },
    ]);
  });

  // hapi splits If-None-Match at every comma, so it reads `"x,"<tag>"` as naming the tag; in RFC 9110
  // §8.8.3's grammar it is one malformed member, which names no tag.
  it.each([
    ['validator-first 206', '/part', 206, 'ab'],
    ['after-the-fact 200', '/whole', 200, 'abcdef'],
  ])('sends the %s when If-None-Match is `"x,` and its tag', async (_, url, status, payload) => {
    const etag = String((await app.inject(url)).headers.etag);
    const res = await app.inject({ url, headers: { 'if-none-match': `"x,${etag}` } });
    expect(res.statusCode).toBe(status);
    expect(res.payload).toBe(payload);
    expect(res.headers.etag).toBe(etag);
  });

  it.each(['/part', '/whole'])("answers %s's 304 itself, with its ETag and no content field", async (url) => {
    const etag = String((await app.inject(url)).headers.etag);
    const res = await app.inject({ url, headers: { 'if-none-match': `"x", ${etag}`, range: 'bytes=0-1' } });
    expect(res.statusCode).toBe(304);
    expect(res.headers.etag).toBe(etag);
    for (const name of ['content-type', 'content-range', 'accept-ranges', 'content-length']) {
      expect(res.headers[name], name).toBeUndefined();
    }
  });
});

describe('the Vary of a 206', () => {
  let app: Server;
  beforeAll(async () => {
    app = Hapi.server();
    await app.register({ plugin: precond });
    const loadValidators = () => ({ exists: true, etag: '"p"' });
    const cut = (request: Request, h: ResponseToolkit) =>
      request.headers.range === undefined
        ? h.response('abcdef').type('text/plain')
        : h.response('ab').code(206).type('text/plain').header('content-range', 'bytes 0-1/6');
    app.route([
      { method: 'GET', path: '/cut', options: { plugins: { precond: { loadValidators } } }, handler: cut },
      {
        method: 'GET',
        path: '/cut-varied',
        options: { plugins: { precond: { loadValidators } } },
        handler: (request, h) => cut(request, h).header('vary', 'Accept, Accept-Encoding'),
      },
    ]);
  });

  // RFC 9110 §15.3.7: a 206 carries the Vary the 200 to the same request would.
  it.each(['gzip', 'identity'])(
    'is the Vary of its 200 (Accept-Encoding: %s), the tag the identity one',
    async (acceptEncoding) => {
      const whole = await app.inject({ url: '/cut', headers: { 'accept-encoding': acceptEncoding } });
      const part = await app.inject({
        url: '/cut',
        headers: { 'accept-encoding': acceptEncoding, range: 'bytes=0-1' },
      });
      expect([whole.statusCode, part.statusCode]).toEqual([200, 206]);
      expect(whole.headers.vary).toBe('accept-encoding');
      expect(part.headers.vary).toBe(whole.headers.vary);
      expect(part.headers.etag).toBe('"p"');
    },
  );

  it('keeps the Vary the handler set, naming Accept-Encoding once', async () => {
    const headers = { 'accept-encoding': 'gzip', range: 'bytes=0-1' };
    const part = await app.inject({ url: '/cut-varied', headers });
    expect(part.statusCode).toBe(206);
    expect(part.headers.vary).toBe('Accept, Accept-Encoding');
  });
});

describe('the Vary of an after-the-fact 412', () => {
  let server: Server;
  beforeAll(async () => {
    server = Hapi.server({ host: '127.0.0.1', port: 0, routes: { cors: true } });
    await server.register({ plugin: precond });
    server.route({
      method: 'GET',
      path: '/varied',
      handler: (_request, h) => h.response('hi').header('vary', 'Accept'),
    });
    await server.start();
  });
  afterAll(() => server.stop());

  it("keeps the 200's own Vary and hapi's CORS one beside the coding's", async () => {
    const headers = { Origin: 'http://a.example', 'Accept-Encoding': 'gzip' };
    const ok = await fetch(`${server.info.uri}/varied`, { headers });
    const members = (res: Response) =>
      (res.headers.get('vary') ?? '')
        .split(',')
        .map((member) => member.trim().toLowerCase())
        .sort();
    expect(members(ok)).toEqual(['accept', 'accept-encoding', 'origin']);
    await ok.arrayBuffer();
    const failed = await fetch(`${server.info.uri}/varied`, { headers: { ...headers, 'If-Match': '"zz"' } });
    expect(failed.status).toBe(412);
    expect(failed.headers.get('access-control-allow-origin')).toBe('http://a.example');
    expect(members(failed)).toEqual(['accept', 'accept-encoding', 'origin']);
    await failed.arrayBuffer();
  });
});

describe('validator-first, a type hapi does not compress', () => {
  let app: Server;
  beforeAll(async () => {
    app = Hapi.server();
    await app.register({ plugin: precond });
    app.route({
      method: 'GET',
      path: '/image',
      options: { plugins: { precond: { loadValidators: () => ({ exists: true, etag: '"img"' }) } } },
      handler: (_request, h) => h.response(Buffer.alloc(4096, 7)).type('image/png'),
    });
  });

  // Before the handler no body exists and a type is taken as compressible; hapi then sends the image
  // as it is, tagged `"img"`, and a cache that accepts gzip revalidates with that tag.
  it('answers 304 to the tag the image went out with, for a client that accepts gzip', async () => {
    const headers = { 'accept-encoding': 'gzip' };
    const first = await app.inject({ url: '/image', headers });
    expect([first.statusCode, first.headers.etag, first.headers['content-encoding']]).toEqual([
      200,
      '"img"',
      undefined,
    ]);
    const again = await app.inject({ url: '/image', headers: { ...headers, 'if-none-match': '"img"' } });
    expect(again.statusCode).toBe(304);
    expect(again.headers.etag).toBe('"img"');
    expect(again.payload).toBe('');
    for (const name of ['content-type', 'content-length']) expect(again.headers[name], name).toBeUndefined();
    const other = await app.inject({ url: '/image', headers: { ...headers, 'if-none-match': '"old"' } });
    expect(other.statusCode).toBe(200);
  });
});
