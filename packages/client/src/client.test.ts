/**
 * What the sample apps never do — fail, send weak tags, say no-store, lose an answer — played by a
 * small server on a real socket. The client against the real apps is in sample-apps.test.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CachedRepresentation, createClient, type FetchFunction, type ValidatorCache } from './index.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let handler: Handler = (_request, _body, response) => response.writeHead(500).end();
const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => handler(request, body, response));
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Every request the server received: method and the fields the client controls. */
let received: { method: string; headers: IncomingMessage['headers']; body: string }[] = [];
beforeEach(() => {
  received = [];
});
const serve = (next: Handler) => {
  handler = (request, body, response) => {
    received.push({ method: request.method ?? '', headers: request.headers, body });
    next(request, body, response);
  };
};

const json = (
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) =>
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));

const fast = { backoff: { baseMs: 1, maxMs: 2 } };

/**
 * One JSON document with a strong ETag per version, writable with If-Match.
 * `dropFirstPatchAnswer`: the first write is applied but its answer never arrives; then `thenWrite`
 * (another client's write) is applied too, before anything else arrives. `failFirstWrite`: the first
 * write's connection is cut before the server applies it. `commitFirstWriteLate`: the first write is
 * answered 504 at once, as a gateway that timed out, while the origin goes on: it is applied when the
 * next write arrives, just before that one is judged.
 */
function serveDocument(
  initial: Record<string, unknown>,
  options: {
    dropFirstPatchAnswer?: boolean;
    thenWrite?: Record<string, unknown>;
    failFirstWrite?: boolean;
    commitFirstWriteLate?: boolean;
    /** How a write that was applied is answered; by default 200 with the document and its new tag. */
    answer?: (response: ServerResponse, etag: string) => void;
  } = {},
) {
  let doc = initial;
  let version = 1;
  let drop = options.dropFirstPatchAnswer ?? false;
  let fail = options.failFirstWrite ?? false;
  let late = options.commitFirstWriteLate ?? false;
  let pending: { method: string | undefined; ifMatch: string | undefined; body: string } | undefined;
  const apply = (method: string | undefined, body: string) => {
    doc = method === 'PUT' ? JSON.parse(body) : { ...doc, ...JSON.parse(body) };
    version += 1;
  };
  serve((request, body, response) => {
    if (request.method !== 'GET' && pending !== undefined) {
      if (pending.ifMatch === `"${version}"`) apply(pending.method, pending.body);
      pending = undefined;
    }
    const etag = `"${version}"`;
    if (request.method === 'GET') {
      if (request.headers['if-none-match'] === etag) response.writeHead(304, { etag }).end();
      else json(response, 200, doc, { etag });
      return;
    }
    if (fail) {
      fail = false;
      request.socket.destroy();
      return;
    }
    if (late) {
      late = false;
      pending = { method: request.method, ifMatch: request.headers['if-match'], body };
      return json(response, 504, { status: 504, title: 'Gateway Timeout' });
    }
    if (request.headers['if-match'] !== etag) return json(response, 412, { status: 412 }, { etag });
    apply(request.method, body);
    // The write is applied but its answer never arrives.
    if (drop) {
      drop = false;
      if (options.thenWrite !== undefined) {
        doc = { ...doc, ...options.thenWrite };
        version += 1;
      }
      request.socket.destroy();
      return;
    }
    if (options.answer) options.answer(response, `"${version}"`);
    else json(response, 200, doc, { etag: `"${version}"` });
  });
  return {
    current: () => doc,
    /** Another client's write. */
    writeBehind(value: Record<string, unknown>) {
      doc = value;
      version += 1;
    },
  };
}

describe('transport failures', () => {
  it('a refused connection is a transport error with the cause, after retrying reads', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/doc`;
    await new Promise((resolve) => closed.close(resolve));
    let calls = 0;
    const counting: FetchFunction = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const result = await createClient({ fetch: counting, retries: 2, ...fast }).get(url);
    expect(result).toMatchObject({ kind: 'transport', status: undefined, cause: expect.any(Error) });
    expect(calls).toBe(3);
  });

  it('a read retries a 503 and then succeeds', async () => {
    let failures = 2;
    serve((_request, _body, response) => {
      if (failures-- > 0) json(response, 503, { title: 'Service Unavailable', status: 503 });
      else json(response, 200, { ok: true });
    });
    expect(await createClient({ baseUrl, ...fast }).get('/doc')).toMatchObject({
      kind: 'ok',
      value: { ok: true },
    });
    expect(received).toHaveLength(3);
  });

  it('a 5xx after the last retry is a transport error with its status and problem', async () => {
    serve((_request, _body, response) =>
      json(response, 502, { title: 'Bad Gateway', detail: 'upstream down' }),
    );
    const result = await createClient({ baseUrl, ...fast }).get('/doc', { retries: 0 });
    expect(result).toMatchObject({ kind: 'transport', status: 502, problem: { detail: 'upstream down' } });
    expect(result.kind === 'transport' && result.message).toBe(`GET ${baseUrl}/doc → 502: upstream down`);
    expect(received).toHaveLength(1);
  });

  it('a 2xx whose JSON does not parse is a transport error', async () => {
    serve((_request, _body, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{'),
    );
    expect(await createClient({ baseUrl, retries: 0 }).get('/doc')).toMatchObject({
      kind: 'transport',
      status: 200,
    });
  });

  it.each([
    ['create', 201, { value: undefined }],
    ['post', 201, { value: undefined }],
    ['put', 200, { value: { title: 'mine' } }],
    ['patch', 200, { value: undefined }],
    ['update', 200, { value: { title: 'mine' } }],
  ] as const)(
    'a 2xx to %s whose JSON does not parse is ok: the write was applied',
    async (call, status, expected) => {
      serve((request, _body, response) => {
        if (request.method === 'GET') return json(response, 200, { title: 'a' }, { etag: '"1"' });
        response
          .writeHead(status, { 'content-type': 'application/json', etag: '"2"', location: '/doc' })
          .end('{"title":');
      });
      const client = createClient({ baseUrl, ...fast });
      const result = await {
        create: () => client.create('/doc', { title: 'mine' }),
        post: () => client.post('/docs', { title: 'mine' }),
        put: () => client.put('/doc', { title: 'mine' }),
        patch: () => client.patch('/doc', { title: 'mine' }),
        update: () => client.update('/doc', { title: 'mine' }),
      }[call]();
      expect(result).toEqual({ kind: 'ok', status, etag: '"2"', lastModified: undefined, ...expected });
      // Sent once: a write that was applied is never sent again.
      expect(received.filter((request) => request.method !== 'GET')).toHaveLength(1);
    },
  );

  it('a read does not retry a 2xx whose JSON does not parse: the same request gets the same body', async () => {
    serve((_request, _body, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops'),
    );
    const result = await createClient({ baseUrl, ...fast, retries: 3 }).get('/doc');
    expect(result).toMatchObject({ kind: 'transport', status: 200 });
    expect(received).toHaveLength(1);
  });

  it('waits at least as long as a 503 asks with Retry-After before retrying', async () => {
    let failures = 1;
    serve((_request, _body, response) => {
      if (failures-- > 0) json(response, 503, { status: 503 }, { 'retry-after': '1' });
      else json(response, 200, { ok: true });
    });
    const started = Date.now();
    const result = await createClient({ baseUrl, backoff: { baseMs: 1, maxMs: 2000 } }).get('/doc');
    expect(result).toMatchObject({ kind: 'ok', value: { ok: true } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(received).toHaveLength(2);
  });

  it('does not retry when Retry-After asks for longer than backoff.maxMs, and says how long', async () => {
    serve((_request, _body, response) => json(response, 503, { status: 503 }, { 'retry-after': '120' }));
    const result = await createClient({ baseUrl, ...fast }).get('/doc');
    expect(result).toMatchObject({ kind: 'transport', status: 503, retryAfterMs: 120_000 });
    expect(received).toHaveLength(1);
  });

  it('a 304 to a read that named no remembered version is a transport error, not retried', async () => {
    serve((_request, _body, response) => response.writeHead(304, { etag: '"1"' }).end());
    const result = await createClient({ baseUrl, ...fast }).get('/doc');
    expect(result).toMatchObject({ kind: 'transport', status: 304 });
    expect(received).toHaveLength(1);
  });

  it('a write is never retried after a transport error', async () => {
    serve((_request, _body, response) => json(response, 503, {}));
    const result = await createClient({ baseUrl, ...fast }).put('/doc', { a: 1 }, { ifMatch: '"1"' });
    expect(result).toMatchObject({ kind: 'transport', status: 503 });
    expect(received).toHaveLength(1);
  });
});

describe('status codes', () => {
  it('410 is gone, and the client forgets the resource', async () => {
    let gone = false;
    serve((_request, _body, response) => {
      if (gone) json(response, 410, { title: 'Gone' });
      else json(response, 200, { a: 1 }, { etag: '"1"' });
    });
    const client = createClient({ baseUrl });
    await client.get('/doc');
    gone = true;
    expect(await client.get('/doc')).toMatchObject({ kind: 'gone', status: 410, problem: { title: 'Gone' } });
    gone = false;
    await client.get('/doc');
    expect(received.map((request) => request.headers['if-none-match'])).toEqual([
      undefined,
      '"1"',
      undefined,
    ]);
  });

  it('any other 4xx is rejected; a text body is returned as text', async () => {
    serve((request, _body, response) => {
      if (request.method === 'GET') response.writeHead(200, { 'content-type': 'text/plain' }).end('plain');
      else response.writeHead(415, { 'content-type': 'text/plain' }).end('nope');
    });
    const client = createClient({ baseUrl });
    expect(await client.get('/doc')).toMatchObject({ kind: 'ok', value: 'plain' });
    expect(await client.patch('/doc', {}, { ifMatch: '*' })).toMatchObject({
      kind: 'rejected',
      status: 415,
      problem: undefined,
    });
  });
});

describe('validators', () => {
  it('revalidates a weak ETag with If-None-Match, but writes with If-Unmodified-Since: If-Match compares strongly', async () => {
    const lastModified = 'Tue, 04 Nov 2025 10:00:00 GMT';
    serve((request, _body, response) => {
      if (request.headers['if-none-match'] === 'W/"1"') response.writeHead(304, { etag: 'W/"1"' }).end();
      else json(response, 200, { a: 1 }, { etag: 'W/"1"', 'last-modified': lastModified });
    });
    const client = createClient({ baseUrl });
    await client.get('/doc');
    expect(await client.get('/doc')).toMatchObject({ status: 304, fromCache: true, value: { a: 1 } });
    await client.put('/doc', { a: 2 });
    expect(received[2]?.headers).toMatchObject({ 'if-unmodified-since': lastModified });
    expect(received[2]?.headers['if-match']).toBeUndefined();
  });

  // A 304 updates the remembered validators with those it carries (RFC 9111 §4.3.4).
  it.each([
    ['no ETag', {}, undefined],
    ['an ETag, which the next write then sends', { etag: '"1"' }, '"1"'],
  ])(
    'revalidates with If-Modified-Since when the server sent only Last-Modified; the 304 carries %s',
    async (_case, fields, etag) => {
      const lastModified = 'Tue, 04 Nov 2025 10:00:00 GMT';
      serve((request, _body, response) => {
        if (request.method !== 'GET') json(response, 200, { a: 2 }, { etag: '"2"' });
        else if (request.headers['if-modified-since'] === lastModified)
          response.writeHead(304, { ...fields, 'last-modified': lastModified }).end();
        else json(response, 200, { a: 1 }, { 'last-modified': lastModified });
      });
      const client = createClient({ baseUrl });
      await client.get('/doc');
      expect(await client.get('/doc')).toMatchObject({ status: 304, value: { a: 1 }, etag, lastModified });
      await client.patch('/doc', { a: 2 });
      expect(received[2]?.headers['if-match']).toBe(etag);
    },
  );

  it('does not remember a response marked Cache-Control: no-store', async () => {
    serve((_request, _body, response) =>
      json(response, 200, { a: 1 }, { etag: '"1"', 'cache-control': 'private, no-store' }),
    );
    const client = createClient({ baseUrl });
    await client.get('/doc');
    await client.get('/doc');
    expect(received[1]?.headers['if-none-match']).toBeUndefined();
  });

  it('sends the caller’s fields, but sets the conditional fields itself', async () => {
    serve((_request, _body, response) => json(response, 200, {}, { etag: '"1"' }));
    const client = createClient({ baseUrl, headers: { authorization: 'Bearer t', 'x-a': 'client' } });
    await client.get('/doc', { headers: { 'x-a': 'call', 'if-none-match': '"forged"' } });
    expect(received[0]?.headers).toMatchObject({ authorization: 'Bearer t', 'x-a': 'call' });
    expect(received[0]?.headers['if-none-match']).toBeUndefined();
  });

  it('keeps its memory in a pluggable, asynchronous cache', async () => {
    serve((request, _body, response) => {
      if (request.headers['if-none-match'] === '"1"') response.writeHead(304, { etag: '"1"' }).end();
      else json(response, 200, { a: 1 }, { etag: '"1"' });
    });
    const store = new Map<string, CachedRepresentation>();
    const cache: ValidatorCache = {
      get: async (url) => store.get(url),
      set: async (url, entry) => {
        store.set(url, entry);
      },
      delete: async (url) => {
        store.delete(url);
      },
    };
    await createClient({ baseUrl, cache }).get('/doc');
    expect(store.get(`${baseUrl}/doc`)).toMatchObject({ etag: '"1"', body: '{"a":1}' });
    // Another client on the same store starts with that memory.
    expect(await createClient({ baseUrl, cache }).get('/doc')).toMatchObject({
      fromCache: true,
      value: { a: 1 },
    });
  });
  it('never sends an ETag that is not one entity-tag: `*` or two ETag fields are no validator', async () => {
    let etag: string | string[] = '*';
    serve((_request, _body, response) => {
      response.setHeader('etag', etag);
      json(response, 200, { a: 1 });
    });
    const client = createClient({ baseUrl });
    await client.get('/doc');
    await client.put('/doc', { a: 2 });
    etag = ['"v1"', '"v2"'];
    await client.get('/doc');
    await client.put('/doc', { a: 3 });
    expect(received.map((request) => request.headers['if-match'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(received[2]?.headers['if-none-match']).toBeUndefined();
  });
});

describe('Vary (RFC 9111 §4.1): per-call fields that select another representation', () => {
  /** One resource in two representations by `Accept`, sharing a weak tag (equivalent, not identical). */
  function serveVariants(vary: string) {
    serve((request, _body, response) => {
      const etag = 'W/"r1"';
      if (request.method !== 'GET') return json(response, 200, { status: 'updated' }, { etag: '"r2"' });
      if (request.headers['if-none-match'] === etag) return response.writeHead(304, { etag, vary }).end();
      if ((request.headers.accept ?? '').includes('text/plain'))
        response.writeHead(200, { 'content-type': 'text/plain', etag, vary }).end('name=r');
      else json(response, 200, { name: 'r' }, { etag, vary });
    });
  }
  const accept = (type: string) => ({ headers: { accept: type } });

  it('does not revalidate, nor serve, a body remembered for other values of the fields Vary names; the 200 replaces it', async () => {
    serveVariants('Accept');
    const client = createClient({ baseUrl });
    await client.get('/r', accept('text/plain'));
    expect(await client.get('/r', accept('application/json'))).toMatchObject({
      status: 200,
      fromCache: false,
      value: { name: 'r' },
      contentType: 'application/json',
    });
    expect(await client.get('/r', accept('application/json'))).toMatchObject({
      status: 304,
      fromCache: true,
      value: { name: 'r' },
    });
    expect(await client.get('/r', accept('text/plain'))).toMatchObject({ status: 200, value: 'name=r' });
    expect(received.map((request) => request.headers['if-none-match'])).toEqual([
      undefined,
      undefined,
      'W/"r1"',
      undefined,
    ]);
  });

  it('compares the fields by name whatever their case, and a field absent both times matches', async () => {
    serveVariants('ACCEPT, Accept-Language');
    const client = createClient({ baseUrl });
    await client.get('/r', { headers: { Accept: 'text/plain' } });
    expect(await client.get('/r', { headers: { accept: 'text/plain' } })).toMatchObject({
      status: 304,
      value: 'name=r',
    });
  });

  it('never reuses a response that says Vary: *', async () => {
    serveVariants('*');
    const client = createClient({ baseUrl });
    await client.get('/r');
    expect(await client.get('/r')).toMatchObject({ status: 200, fromCache: false });
    expect(received.map((request) => request.headers['if-none-match'])).toEqual([undefined, undefined]);
  });

  it('a write still sends the remembered precondition: it can only make the server refuse, and without it the write would go out unguarded', async () => {
    const lastModified = 'Tue, 04 Nov 2025 10:00:00 GMT';
    serve((request, _body, response) => {
      if (request.method !== 'GET') return response.writeHead(204).end();
      response
        .writeHead(200, {
          'content-type': 'text/plain',
          etag: '"t1"',
          'last-modified': lastModified,
          vary: 'accept',
        })
        .end('name=r');
    });
    const client = createClient({ baseUrl });
    await client.get('/r', accept('text/plain'));
    await client.patch('/r', { name: 'x' }, accept('application/json'));
    expect(received[1]?.headers['if-match']).toBe('"t1"');
  });
});

describe('misuse and aborts', () => {
  it('rejects a relative URL when there is no base to resolve it against', async () => {
    await expect(createClient().get('/doc')).rejects.toThrow(TypeError);
  });

  it('rejects with the signal’s reason when aborted, instead of resolving to a result', async () => {
    // Abort once the server holds the request, so that it arrives within this test, not the next.
    let arrived: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    serve(() => arrived());
    const controller = new AbortController();
    const pending = createClient({ baseUrl }).get('/doc', { signal: controller.signal });
    await held;
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toThrow('user left');
  });
});

describe('update', () => {
  /** The README's counter merge: replays this call's increment on the latest version. */
  const countViews = {
    merge: (base: { views: number }, mine: { views: number }, theirs: { views: number }) => ({
      kind: 'merged' as const,
      value: { ...theirs, views: theirs.views + (mine.views - base.views) },
    }),
  };
  const addView = (doc: { views: number }) => ({ ...doc, views: doc.views + 1 });

  it('sends nothing when the change changes nothing', async () => {
    serveDocument({ a: 1 });
    const result = await createClient({ baseUrl }).update(`/doc`, (doc) => doc);
    expect(result).toMatchObject({ kind: 'ok', value: { a: 1 }, etag: '"1"' });
    expect(received.map((request) => request.method)).toEqual(['GET']);
  });

  it('a lost answer to a write that was applied is ok without writing again, with the default merge', async () => {
    const server = serveDocument({ views: 0 }, { dropFirstPatchAnswer: true });
    const result = await createClient({ baseUrl, ...fast }).update('/doc', addView);
    expect(result).toMatchObject({ kind: 'ok', value: { views: 1 }, etag: '"2"' });
    expect(server.current()).toEqual({ views: 1 });
    expect(received.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  // Content cannot tell this write from another that wrote the same: the case below, where the
  // write never left and another client's increment shows the same count.
  it('a lost answer to a write that was applied is `unknown` with a counter merge, and nothing more is written', async () => {
    const server = serveDocument({ views: 0 }, { dropFirstPatchAnswer: true });
    const result = await createClient({ baseUrl, ...fast }).update('/doc', addView, countViews);
    expect(result).toMatchObject({ kind: 'unknown', mine: { views: 1 }, theirs: { views: 1 }, etag: '"2"' });
    expect(result.kind === 'unknown' && result.message).toMatch(/holds what this write meant to store/);
    expect(server.current()).toEqual({ views: 1 });
    expect(received.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('a counter write that never left while another client counted is `unknown`, not ok: the count shows one view, not two', async () => {
    const server = serveDocument({ views: 0 });
    let first = true;
    const lostBeforeSending: FetchFunction = async (url, init) => {
      if (init.method === 'PATCH' && first) {
        first = false;
        server.writeBehind({ views: 1 }); // another client's increment
        throw new TypeError('fetch failed (the request never left)');
      }
      return fetch(url, init);
    };
    const client = createClient({ baseUrl, ...fast, fetch: lostBeforeSending });
    const result = await client.update('/doc', addView, countViews);
    expect(result).toMatchObject({
      kind: 'unknown',
      base: { views: 0 },
      mine: { views: 1 },
      theirs: { views: 1 },
    });
    expect(received.map((request) => request.method)).toEqual(['GET', 'GET']);
  });

  it.each([
    ['the default merge', {}, { kind: 'ok', value: { views: 1 } }],
    ['a counter merge', countViews, { kind: 'unknown', mine: { views: 1 }, theirs: { views: 1 } }],
  ])(
    'a write answered 504 while the origin still commits it, sent again, meets its own 412 and is never merged, with %s',
    async (_merge, options, expected) => {
      const server = serveDocument({ views: 0 }, { commitFirstWriteLate: true });
      const result = await createClient({ baseUrl, ...fast }).update('/doc', addView, options);
      expect(result).toMatchObject(expected);
      expect(server.current()).toEqual({ views: 1 });
      expect(received.map((request) => [request.method, request.headers['if-match']])).toEqual([
        ['GET', undefined],
        ['PATCH', '"1"'],
        ['GET', undefined],
        ['PATCH', '"1"'],
        ['GET', undefined],
      ]);
    },
  );

  it('gives up as transport, not precondition-failed, when a write sent again after a lost answer meets a 412 on its last try', async () => {
    serveDocument({ views: 0 }, { commitFirstWriteLate: true });
    const result = await createClient({ baseUrl, ...fast }).update('/doc', addView, { retries: 1 });
    expect(result).toMatchObject({ kind: 'transport', status: 504 });
    expect(result.kind === 'transport' && result.message).toMatch(
      /sent again with the same precondition, it met .* 412.*whether it was applied is unknown \(gave up after 2 writes\)$/,
    );
  });

  it.each([
    ['a 429', (response: ServerResponse) => json(response, 429, { status: 429 })],
    ['a 503', (response: ServerResponse) => json(response, 503, { status: 503 })],
    [
      'a page that is no document',
      (response: ServerResponse) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
    ],
  ])(
    'a lost answer, then a read back that fails (%s), is transport with the outcome unknown',
    async (_name, answer) => {
      let gets = 0;
      serve((request, _body, response) => {
        if (request.method !== 'GET') return request.socket.destroy();
        if (++gets === 1) json(response, 200, { views: 0 }, { etag: '"1"' });
        else answer(response);
      });
      const result = await createClient({ baseUrl, ...fast }).update('/doc', addView, { retries: 1 });
      expect(result.kind).toBe('transport');
      expect(result.kind === 'transport' && result.message).toMatch(
        /whether this write was applied is unknown/,
      );
      expect(received.filter((request) => request.method === 'PATCH')).toHaveLength(1);
    },
  );

  it('a lost answer to a write that was not applied sends the same write again', async () => {
    const server = serveDocument({ views: 0 }, { failFirstWrite: true });
    const result = await createClient({ baseUrl, ...fast }).update('/doc', addView, countViews);
    expect(result).toMatchObject({ kind: 'ok', value: { views: 1 }, etag: '"2"' });
    expect(server.current()).toEqual({ views: 1 });
    expect(received.map((request) => [request.method, request.headers['if-match']])).toEqual([
      ['GET', undefined],
      ['PATCH', '"1"'],
      ['GET', undefined],
      ['PATCH', '"1"'],
    ]);
  });

  it('a lost answer followed by another write is `unknown`, and a merge of your own is not called', async () => {
    const server = serveDocument(
      { views: 0, title: 'a' },
      { dropFirstPatchAnswer: true, thenWrite: { title: 'b' } },
    );
    let merges = 0;
    const result = await createClient({ baseUrl, ...fast }).update('/doc', addView, {
      merge: (base, mine, theirs) => {
        merges += 1;
        return countViews.merge(base, mine, theirs);
      },
    });
    expect(result).toMatchObject({
      kind: 'unknown',
      base: { views: 0, title: 'a' },
      mine: { views: 1, title: 'a' },
      theirs: { views: 1, title: 'b' },
      etag: '"3"',
      cause: { kind: 'transport' },
    });
    expect(result.kind === 'unknown' && result.message).toMatch(/whether this write was applied is unknown/);
    expect(merges).toBe(0);
    expect(server.current()).toEqual({ views: 1, title: 'b' });
    expect(received.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('with the default merge, a lost answer is ok when the current version already holds the change', async () => {
    serveDocument({ title: 'a', body: 'x' }, { dropFirstPatchAnswer: true, thenWrite: { body: 'y' } });
    const result = await createClient({ baseUrl, ...fast }).update('/doc', { title: 'b' });
    expect(result).toMatchObject({ kind: 'ok', value: { title: 'b', body: 'y' }, etag: '"3"' });
    expect(received.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('with the default merge, a lost answer then a change of the same field is `unknown`, not a conflict that claims nothing was written', async () => {
    serveDocument({ title: 'a' }, { dropFirstPatchAnswer: true, thenWrite: { title: 'theirs' } });
    const result = await createClient({ baseUrl, ...fast }).update('/doc', { title: 'mine' });
    expect(result).toMatchObject({ kind: 'unknown', mine: { title: 'mine' }, theirs: { title: 'theirs' } });
    expect(received.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it.each([
    ['JSON labelled text/plain', 'text/plain', '{"title":"a"}'],
    ['an HTML page', 'text/html', '<html>login</html>'],
    ['an empty JSON body', 'application/json', ''],
  ])('writes nothing when the read is %s, and says so', async (_case, type, text) => {
    serve((_request, _body, response) =>
      response.writeHead(200, { 'content-type': type, etag: '"1"' }).end(text),
    );
    const result = await createClient({ baseUrl, ...fast }).update('/doc', { title: 'b' });
    expect(result).toMatchObject({ kind: 'transport', status: 200 });
    expect(result.kind === 'transport' && result.message).toMatch(/not JSON: update\(\) has no document/);
    expect(received.map((request) => request.method)).toEqual(['GET']);
  });

  it('writes nothing when the resource has no ETag: a read-modify-write never goes out unguarded', async () => {
    serve((_request, _body, response) => json(response, 200, { a: 1 }));
    const result = await createClient({ baseUrl, ...fast }).update('/doc', { a: 2 });
    expect(result).toMatchObject({ kind: 'precondition-required', problem: undefined });
    expect(result.kind === 'precondition-required' && result.message).toMatch(/has no ETag/);
    expect(received.map((request) => request.method)).toEqual(['GET']);
  });

  it('writes nothing over a weak ETag unless dateGuard allows If-Unmodified-Since', async () => {
    const lastModified = 'Tue, 04 Nov 2025 10:00:00 GMT';
    serve((request, _body, response) => {
      if (request.method === 'GET')
        json(response, 200, { a: 1 }, { etag: 'W/"1"', 'last-modified': lastModified });
      else json(response, 200, { a: 2 }, { etag: 'W/"2"' });
    });
    const client = createClient({ baseUrl, ...fast });
    const refused = await client.update('/doc', { a: 2 });
    expect(refused).toMatchObject({ kind: 'precondition-required' });
    expect(refused.kind === 'precondition-required' && refused.message).toMatch(
      /only a weak ETag.*dateGuard/,
    );
    expect(await client.update('/doc', { a: 2 }, { dateGuard: true })).toMatchObject({ kind: 'ok' });
    expect(received.map((request) => request.method)).toEqual(['GET', 'GET', 'PATCH']);
    expect(received[2]?.headers).toMatchObject({ 'if-unmodified-since': lastModified });
    expect(received[2]?.headers['if-match']).toBeUndefined();
  });

  it('writes nothing under dateGuard when Last-Modified is no HTTP-date, though Date.parse takes it', async () => {
    serve((_request, _body, response) =>
      json(response, 200, { a: 1 }, { etag: 'W/"1"', 'last-modified': '1' }),
    );
    const result = await createClient({ baseUrl, ...fast }).update('/doc', { a: 2 }, { dateGuard: true });
    expect(result).toMatchObject({ kind: 'precondition-required', problem: undefined });
    expect(received.map((request) => request.method)).toEqual(['GET']);
  });

  it('gives up with precondition-failed after `retries` lost races', async () => {
    let version = 0;
    serve((request, _body, response) => {
      version += 1; // someone else writes between every two requests
      if (request.method === 'GET') json(response, 200, { a: 1, other: version }, { etag: `"${version}"` });
      else json(response, 412, { status: 412 }, { etag: `"${version}"` });
    });
    const result = await createClient({ baseUrl, ...fast }).update('/doc', { a: 2 }, { retries: 2 });
    expect(result).toMatchObject({ kind: 'precondition-failed', etag: '"6"' });
    expect(result.kind === 'precondition-failed' && result.message).toMatch(/gave up after 3 writes\)$/);
    expect(received.map((request) => request.method)).toEqual([
      'GET',
      'PATCH',
      'GET',
      'PATCH',
      'GET',
      'PATCH',
    ]);
  });

  it('writes a version that sets a member to null with PUT, which a merge patch cannot say', async () => {
    serveDocument({ a: 1, b: 'x' });
    const result = await createClient({ baseUrl }).update<{ a: number; b: string | null }>('/doc', (doc) => ({
      ...doc,
      b: null,
    }));
    expect(result).toMatchObject({ kind: 'ok', value: { a: 1, b: null } });
    expect(received[1]).toMatchObject({ method: 'PUT', body: '{"a":1,"b":null}' });
  });

  it('writes the edited copy when the change function edits it in place and returns nothing', async () => {
    serveDocument({ a: 1, b: 1 });
    const result = await createClient({ baseUrl }).update<{ a: number; b: number }>('/doc', (doc) => {
      doc.b = 2;
    });
    expect(result).toMatchObject({ kind: 'ok', value: { a: 1, b: 2 } });
    expect(received[1]).toMatchObject({ method: 'PATCH', body: '{"b":2}' });
  });

  it('rejects with a TypeError naming the call, and writes nothing, when change or merge returns a value JSON cannot represent', async () => {
    const server = serveDocument({ a: 1 });
    const client = createClient({ baseUrl, ...fast });
    const cyclic = (doc: Record<string, unknown>) => {
      const next = { ...doc };
      next.self = next;
      return next;
    };
    await expect(client.update('/doc', cyclic)).rejects.toThrow(
      /^update http:\/\/127\.0\.0\.1:\d+\/doc: the value cannot be sent as JSON \(Converting circular structure to JSON\)$/,
    );
    await expect(client.update('/doc', () => () => 1)).rejects.toThrow(
      /^update .*\/doc: the value cannot be sent as JSON \(it is function\)$/,
    );
    expect(received.map((request) => request.method)).toEqual(['GET', 'GET']);
    received = [];
    const racing = (doc: Record<string, unknown>) => {
      server.writeBehind({ a: 1, b: 2 }); // another client's write: this one meets a 412
      return { ...doc, a: 2 };
    };
    await expect(
      client.update('/doc', racing, { merge: (_base, mine) => ({ kind: 'merged', value: cyclic(mine) }) }),
    ).rejects.toThrow(/the value cannot be sent as JSON \(Converting circular structure to JSON\)$/);
    expect(received.map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET']);
  });

  it('hands the change function a copy, so editing it in place still writes the difference', async () => {
    serveDocument({ a: 1, b: 1 });
    const result = await createClient({ baseUrl }).update<{ a: number; b: number }>('/doc', (doc) => {
      doc.b = 2;
      return doc;
    });
    expect(result).toMatchObject({ kind: 'ok', value: { a: 1, b: 2 } });
    expect(received[1]).toMatchObject({ method: 'PATCH', body: '{"b":2}' });
  });
});

describe('a write answered without validators (RFC 9110 §9.3.4)', () => {
  /**
   * A resource stored as `{ id, ...content }`: like precond's sample apps, the server answers a PUT
   * with ETag only when the content was already exactly that JSON, and otherwise with the stored
   * representation and (unless `contentLocation` is false) a Content-Location naming it.
   * `writeBehind()` is another client's write.
   */
  function serveTransforming(options: { contentLocation?: boolean } = {}) {
    let doc: Record<string, unknown> | undefined;
    let version = 0;
    serve((request, body, response) => {
      const etag = `"${version}"`;
      if (request.method === 'GET') {
        if (doc === undefined) json(response, 404, { status: 404 });
        else json(response, 200, doc, { etag });
        return;
      }
      const creates = request.headers['if-none-match'] === '*';
      if (!creates && request.headers['if-match'] === undefined) return json(response, 428, { status: 428 });
      if (creates ? doc !== undefined : request.headers['if-match'] !== etag || doc === undefined) {
        return json(response, 412, { status: 412 }, doc === undefined ? {} : { etag });
      }
      version += 1;
      if (request.method === 'DELETE') {
        doc = undefined;
        return response.writeHead(204).end();
      }
      doc = { id: 'a', ...JSON.parse(body) };
      const stored = JSON.stringify(doc);
      const headers: Record<string, string> = {};
      if (options.contentLocation ?? true) headers['content-location'] = '/doc';
      if (stored === body) headers.etag = `"${version}"`;
      json(response, creates ? 201 : 200, doc, headers);
    });
    return {
      writeBehind(value: Record<string, unknown>) {
        doc = { id: 'a', ...value };
        version += 1;
      },
    };
  }

  it('after create(), put() reads the resource it created and writes with that read’s tag', async () => {
    serveTransforming();
    const client = createClient({ baseUrl });
    const created = await client.create('/doc', { title: 'one' });
    expect(created).toMatchObject({
      kind: 'ok',
      status: 201,
      value: { id: 'a', title: 'one' },
      etag: undefined,
    });
    const put = await client.put('/doc', { title: 'two' });
    expect(put).toMatchObject({ kind: 'ok', status: 200, value: { id: 'a', title: 'two' }, etag: undefined });
    expect(received.map((request) => request.method)).toEqual(['PUT', 'GET', 'PUT']);
    expect(received[1]?.headers['if-none-match']).toBeUndefined();
    expect(received[2]?.headers['if-match']).toBe('"1"');
  });

  it('never sends the tag it held before the write: the answer without one forgets it', async () => {
    serveTransforming();
    const client = createClient({ baseUrl });
    await client.create('/doc', { id: 'a', title: 'one' });
    expect(await client.get('/doc')).toMatchObject({ kind: 'ok', etag: '"1"' });
    expect(await client.patch('/doc', { title: 'two' })).toMatchObject({ kind: 'ok', etag: undefined });
    expect(await client.delete('/doc')).toMatchObject({ kind: 'ok' });
    const sent = received.filter((request) => request.method !== 'GET');
    expect(sent.map((request) => request.headers['if-match'])).toEqual([undefined, '"1"', '"2"']);
  });

  it('a canonical create gets its tag back, and put() then sends it without reading', async () => {
    serveTransforming();
    const client = createClient({ baseUrl });
    const created = await client.create('/doc', { id: 'a', title: 'one' });
    expect(created).toMatchObject({ kind: 'ok', status: 201, etag: '"1"' });
    expect(await client.put('/doc', { title: 'two' })).toMatchObject({ kind: 'ok', status: 200 });
    expect(received.map((request) => [request.method, request.headers['if-match']])).toEqual([
      ['PUT', undefined],
      ['PUT', '"1"'],
    ]);
  });

  it('when another client wrote meanwhile, the next write is precondition-failed and nothing is sent', async () => {
    const { writeBehind } = serveTransforming();
    const client = createClient({ baseUrl });
    await client.create('/doc', { title: 'mine' });
    writeBehind({ title: 'theirs' });
    const lost = await client.put('/doc', { title: 'mine again' });
    expect(lost).toMatchObject({ kind: 'precondition-failed', etag: '"2"', problem: undefined });
    // Still unconfirmed: writing again fails again, until the caller reads.
    expect(await client.patch('/doc', { title: 'still mine' })).toMatchObject({
      kind: 'precondition-failed',
    });
    expect(received.map((request) => request.method)).toEqual(['PUT', 'GET', 'GET']);
    expect(await client.get('/doc')).toMatchObject({ kind: 'ok', value: { title: 'theirs' }, etag: '"2"' });
    expect(await client.put('/doc', { title: 'read first' })).toMatchObject({ kind: 'ok', status: 200 });
    expect(received.at(-1)?.headers['if-match']).toBe('"2"');
  });

  it('without Content-Location, remembers the content it sent, not the answer: the next write reads and sends nothing unless that content is there', async () => {
    serveTransforming({ contentLocation: false });
    const client = createClient({ baseUrl });
    await client.create('/doc', { title: 'one' });
    const put = await client.put('/doc', { title: 'two' });
    expect(put).toMatchObject({ kind: 'precondition-failed', etag: '"1"', problem: undefined });
    expect(put.kind === 'precondition-failed' && put.message).toMatch(
      /does not hold what this client last wrote/,
    );
    expect(received.map((request) => [request.method, request.headers['if-match']])).toEqual([
      ['PUT', undefined],
      ['GET', undefined],
    ]);
  });

  it('update() after such a write reads the whole resource, then writes with its tag', async () => {
    serveTransforming();
    const client = createClient({ baseUrl });
    await client.create('/doc', { title: 'one' });
    const updated = await client.update<{ id: string; title: string }>(
      '/doc',
      { title: 'two' },
      { method: 'PUT' },
    );
    expect(updated).toMatchObject({ kind: 'ok', value: { id: 'a', title: 'two' } });
    expect(received.map((request) => [request.method, request.headers['if-match']])).toEqual([
      ['PUT', undefined],
      ['GET', undefined],
      ['PUT', '"1"'],
    ]);
    expect(received[1]?.headers['if-none-match']).toBeUndefined();
  });
});

describe('what a write’s answer leaves in memory (RFC 9110 §6.4.2, §8.7)', () => {
  const serveVersions = (answer: (response: ServerResponse, etag: string) => void) =>
    serveDocument({ title: 'a', body: 'x' }, { answer });

  it('keeps the new tag of a PATCH answered with a status body, but never serves that body as the resource', async () => {
    serveVersions((response, etag) => json(response, 200, { status: 'updated' }, { etag }));
    const client = createClient({ baseUrl });
    await client.get('/doc');
    expect(await client.patch('/doc', { title: 'b' })).toMatchObject({ kind: 'ok', etag: '"2"' });
    expect(await client.get('/doc')).toMatchObject({
      kind: 'ok',
      status: 200,
      fromCache: false,
      value: { title: 'b', body: 'x' },
    });
    expect(received[1]?.headers['if-match']).toBe('"1"');
    expect(received[2]?.headers['if-none-match']).toBeUndefined();
  });

  it('the next write after such a PATCH goes out with its tag', async () => {
    serveVersions((response, etag) => json(response, 200, { status: 'updated' }, { etag }));
    const client = createClient({ baseUrl });
    await client.get('/doc');
    await client.patch('/doc', { title: 'b' });
    await client.patch('/doc', { title: 'c' });
    expect(received.map((request) => request.headers['if-match'])).toEqual([undefined, '"1"', '"2"']);
  });

  it('keeps the ETag of a 204 to PUT with the content sent, so the next put is conditional on it', async () => {
    const { writeBehind } = serveVersions((response, etag) => response.writeHead(204, { etag }).end());
    const client = createClient({ baseUrl });
    await client.get('/doc');
    expect(await client.put('/doc', { title: 'mine' })).toMatchObject({
      kind: 'ok',
      status: 204,
      value: { title: 'mine' }, // what the PUT wrote: an ok value is a T, as typed
      etag: '"2"',
    });
    expect(await client.get('/doc')).toMatchObject({
      status: 304,
      fromCache: true,
      value: { title: 'mine' },
    });
    writeBehind({ title: 'theirs' });
    expect(await client.put('/doc', { title: 'mine again' })).toMatchObject({ kind: 'precondition-failed' });
    expect(received.filter((request) => request.method === 'PUT').map((r) => r.headers['if-match'])).toEqual([
      '"1"',
      '"2"',
    ]);
  });

  it('an update() answered 204 is ok with the version it wrote as its value, never undefined', async () => {
    serveVersions((response, etag) => response.writeHead(204, { etag }).end());
    const result = await createClient({ baseUrl }).update('/doc', { title: 'b' });
    expect(result).toEqual({
      kind: 'ok',
      status: 204,
      value: { title: 'b', body: 'x' },
      etag: '"2"',
      lastModified: undefined,
    });
  });

  it('an update() answered with a status report and no Content-Location is ok with the version it wrote, not the report', async () => {
    serveVersions((response, etag) => json(response, 200, { status: 'updated' }, { etag }));
    const result = await createClient({ baseUrl }).update('/doc', { title: 'b' });
    expect(result).toEqual({
      kind: 'ok',
      status: 200,
      value: { title: 'b', body: 'x' },
      etag: '"2"',
      lastModified: undefined,
    });
  });

  it('an update() answered with the representation, Content-Location naming it, is ok with that representation', async () => {
    serveVersions((response, etag) =>
      json(response, 200, { title: 'b', body: 'x', editedAt: 1 }, { etag, 'content-location': '/doc' }),
    );
    const result = await createClient({ baseUrl }).update('/doc', { title: 'b' });
    expect(result).toMatchObject({ kind: 'ok', value: { title: 'b', body: 'x', editedAt: 1 }, etag: '"2"' });
  });

  it('after a 204 to PATCH without validators, the next write sends nothing rather than go out unconditionally', async () => {
    serveVersions((response) => response.writeHead(204).end());
    const client = createClient({ baseUrl });
    await client.get('/doc');
    await client.patch('/doc', { title: 'b' });
    const next = await client.patch('/doc', { title: 'c' });
    expect(next).toMatchObject({ kind: 'precondition-failed', etag: undefined });
    expect(next.kind === 'precondition-failed' && next.message).toMatch(/neither named nor showed/);
    expect(received.map((request) => request.method)).toEqual(['GET', 'PATCH']);
  });
});

describe('create() whose answer was lost', () => {
  /**
   * One resource created with `If-None-Match: *`. `lost` decides, for each PUT, whether its answer is
   * cut (the socket destroyed once the server acted on it); `existing` is there before any PUT.
   */
  function serveCreate(
    lost: (put: number) => boolean,
    existing?: unknown,
    store: (sent: Record<string, unknown>) => object = (sent) => sent,
  ) {
    let doc = existing;
    let puts = 0;
    serve((request, body, response) => {
      if (request.method === 'GET') {
        if (doc === undefined) json(response, 404, { status: 404 });
        else json(response, 200, { id: 'a', ...(doc as object) }, { etag: '"1"' });
        return;
      }
      const put = ++puts;
      let status = 412;
      if (doc === undefined && request.headers['if-none-match'] === '*') {
        doc = store(JSON.parse(body));
        status = 201;
      }
      if (lost(put)) request.socket.destroy();
      else
        json(response, status, status === 201 ? { id: 'a', ...(doc as object) } : { status }, {
          etag: '"1"',
        });
    });
  }

  it('is reported as created when the retry meets the resource it created', async () => {
    serveCreate((put) => put === 1);
    const result = await createClient({ baseUrl, ...fast }).create('/doc', { title: 'mine' });
    expect(result).toMatchObject({ kind: 'ok', status: 201, value: { id: 'a', title: 'mine' }, etag: '"1"' });
    expect(received.map((request) => request.method)).toEqual(['PUT', 'PUT', 'GET']);
  });

  it('is reported as created when the server dropped a member it does not know and filled in a default', async () => {
    serveCreate(
      (put) => put === 1,
      undefined,
      ({ title }) => ({ title, views: 0 }),
    );
    const value = { title: 'mine', tags: ['x'], views: undefined };
    const result = await createClient({ baseUrl, ...fast }).create('/doc', value);
    expect(result).toMatchObject({ kind: 'ok', status: 201, value: { id: 'a', title: 'mine', views: 0 } });
    expect(received.map((request) => request.method)).toEqual(['PUT', 'PUT', 'GET']);
  });

  it("is transport, its outcome unknown, never exists, when the retry meets another client's resource", async () => {
    serveCreate((put) => put === 1, { title: 'theirs' });
    const result = await createClient({ baseUrl, ...fast }).create('/doc', { title: 'mine' });
    expect(result).toMatchObject({ kind: 'transport', status: undefined });
    expect(result.kind === 'transport' && result.message).toMatch(
      /whether this create was applied is unknown/,
    );
    expect(received.map((request) => request.method)).toEqual(['PUT', 'PUT', 'GET']);
  });

  it('is transport, never exists, when it created the resource and another client edited it before the retry', async () => {
    let doc: Record<string, unknown> | undefined;
    let puts = 0;
    serve((request, body, response) => {
      if (request.method === 'GET') {
        if (doc === undefined) json(response, 404, { status: 404 });
        else json(response, 200, doc, { etag: '"2"' });
        return;
      }
      if (doc !== undefined) return json(response, 412, { status: 412 }, { etag: '"2"' });
      doc = JSON.parse(body) as Record<string, unknown>;
      puts += 1;
      // This create is applied; another client edits it; then the 201 is cut.
      doc = { ...doc, title: 'edited by another client' };
      request.socket.destroy();
    });
    const result = await createClient({ baseUrl, ...fast }).create('/doc', { title: 'mine', body: 'b' });
    expect(puts).toBe(1);
    expect(result.kind).toBe('transport');
    expect(result.kind === 'transport' && result.message).toMatch(
      /whether this create was applied is unknown/,
    );
    expect(received.map((request) => request.method)).toEqual(['PUT', 'PUT', 'GET']);
  });

  it.each([
    ['a 503', /→ 503/, (response: ServerResponse) => json(response, 503, { status: 503 })],
    [
      'a 404 (deleted meanwhile)',
      /→ 404/,
      (response: ServerResponse) => json(response, 404, { status: 404 }),
    ],
    [
      'a 200 login page, no JSON document',
      /→ 200 with a text\/html body, not JSON/,
      (response: ServerResponse) =>
        response.writeHead(200, { 'content-type': 'text/html', etag: '"1"' }).end('<html>log in</html>'),
    ],
    [
      'a 200 with JSON labelled text/plain',
      /→ 200 with a text\/plain body, not JSON/,
      (response: ServerResponse) =>
        response.writeHead(200, { 'content-type': 'text/plain', etag: '"1"' }).end('{"title":"mine"}'),
    ],
  ])(
    'is transport, its outcome unknown, when the resource cannot be read back (%s), never exists',
    async (_name, why, answer) => {
      let puts = 0;
      serve((request, _body, response) => {
        if (request.method === 'GET') return answer(response);
        // The first create is applied, its answer lost; the retry meets it as a 412.
        if (++puts === 1) request.socket.destroy();
        else json(response, 412, { status: 412 }, { etag: '"1"' });
      });
      const result = await createClient({ baseUrl, ...fast }).create(
        '/doc',
        { title: 'mine' },
        { retries: 1 },
      );
      expect(result.kind).toBe('transport');
      expect(result.kind === 'transport' && result.message).toMatch(
        /whether this create was applied is unknown/,
      );
      expect(result.kind === 'transport' && result.message).toMatch(why);
    },
  );

  it('reads nothing back when its first answer was a 412', async () => {
    serveCreate(() => false, { title: 'mine' });
    const result = await createClient({ baseUrl, ...fast }).create('/doc', { title: 'mine' });
    expect(result).toMatchObject({ kind: 'exists' });
    expect(received.map((request) => request.method)).toEqual(['PUT']);
  });

  it('gives up as a transport error after `retries` lost answers', async () => {
    serveCreate(() => true);
    const result = await createClient({ baseUrl, ...fast }).create('/doc', { title: 'mine' }, { retries: 2 });
    expect(result).toMatchObject({ kind: 'transport', status: undefined });
    expect(received.map((request) => request.method)).toEqual(['PUT', 'PUT', 'PUT']);
  });
});

describe('post() with an Idempotency-Key', () => {
  /**
   * A collection that records each key with the answer it gave, as `@precond/postgres`'s
   * `insertOnce` does: a retry under a known key gets that answer again. `lost` decides, for each
   * POST, whether its answer is cut once the server acted on it; `failed` whether it answers 503
   * without acting; `busy` whether it answers 409.
   */
  function serveCollection(
    fault: (post: number) => 'lost' | 'failed' | 'busy' | undefined = () => undefined,
  ) {
    const created: unknown[] = [];
    const answers = new Map<string, { body: string; value: object }>();
    let posts = 0;
    serve((request, body, response) => {
      if (request.method === 'GET') {
        json(response, 200, created[0] ?? {}, { etag: '"a1"' });
        return;
      }
      const number = ++posts;
      const key = String(request.headers['idempotency-key']);
      const seen = answers.get(key);
      if (seen && seen.body !== body)
        return json(response, 422, { status: 422, title: 'Unprocessable Content' });
      const kind = fault(number);
      if (kind === 'failed') return json(response, 503, { status: 503 });
      if (kind === 'busy') return json(response, 409, { status: 409 });
      let answer = seen;
      if (!answer) {
        const value = { id: `a${created.length + 1}`, ...(JSON.parse(body) as object) };
        created.push(value);
        answer = { body, value };
        answers.set(key, answer);
      }
      if (kind === 'lost') request.socket.destroy();
      else
        json(response, 201, answer.value, {
          etag: '"a1"',
          location: '/articles/a1',
          'content-location': '/articles/a1',
        });
    });
    return created;
  }

  it('sends a random key as a quoted string, a new one each call', async () => {
    serveCollection();
    const client = createClient({ baseUrl, ...fast });
    await client.post('/articles', { title: 'one' });
    await client.post('/articles', { title: 'two' });
    const keys = received.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"$/);
    expect(keys[1]).toMatch(/^"[0-9a-f-]{36}"$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(received[0]).toMatchObject({ method: 'POST', body: '{"title":"one"}' });
    expect(received[0]?.headers['content-type']).toBe('application/json');
  });

  it('is reported as created when its answer was lost: the retry under the same key gets the first answer', async () => {
    const created = serveCollection((post) => (post === 1 ? 'lost' : undefined));
    const result = await createClient({ baseUrl, ...fast }).post('/articles', { title: 'mine' });
    expect(result).toMatchObject({
      kind: 'ok',
      status: 201,
      value: { id: 'a1', title: 'mine' },
      etag: '"a1"',
    });
    expect(created).toHaveLength(1);
    expect(received).toHaveLength(2);
    expect(received[1]?.headers['idempotency-key']).toBe(received[0]?.headers['idempotency-key']);
  });

  it('retries a 503 and a 409 under the same key', async () => {
    const created = serveCollection((post) => (post === 1 ? 'failed' : post === 2 ? 'busy' : undefined));
    const result = await createClient({ baseUrl, ...fast }).post('/articles', { title: 'mine' });
    expect(result).toMatchObject({ kind: 'ok', status: 201 });
    expect(created).toHaveLength(1);
    expect(new Set(received.map((request) => request.headers['idempotency-key'])).size).toBe(1);
    expect(received).toHaveLength(3);
  });

  it('gives up as a transport error after `retries` lost answers, still one resource', async () => {
    const created = serveCollection(() => 'lost');
    const result = await createClient({ baseUrl, ...fast }).post('/articles', { title: 'x' }, { retries: 2 });
    expect(result).toMatchObject({ kind: 'transport', status: undefined });
    expect(received).toHaveLength(3);
    expect(created).toHaveLength(1);
  });

  it('a 409 after the last retry is transport, never rejected: the first attempt may yet create the resource', async () => {
    const created = serveCollection(() => 'busy');
    const result = await createClient({ baseUrl, ...fast }).post(
      '/articles',
      { title: 'x' },
      { retries: 2, idempotencyKey: 'k-busy' },
    );
    expect(result).toMatchObject({ kind: 'transport', status: 409, problem: { status: 409 } });
    expect(result.kind === 'transport' && result.message).toMatch(
      /Idempotency-Key "k-busy" is still being processed and may yet create the resource/,
    );
    expect(received).toHaveLength(3);
    expect(created).toHaveLength(0);
  });

  it('does not retry a 409 whose Retry-After is longer than backoff.maxMs, and says how long', async () => {
    serve((_request, _body, response) =>
      json(
        response,
        409,
        { status: 409 },
        { 'content-type': 'application/problem+json', 'retry-after': '5' },
      ),
    );
    const result = await createClient({ baseUrl, ...fast }).post('/articles', { title: 'x' });
    expect(result).toMatchObject({ kind: 'transport', status: 409, retryAfterMs: 5000 });
    expect(received).toHaveLength(1);
  });

  it('is rejected with the problem on a 422, and not retried', async () => {
    serveCollection();
    const client = createClient({ baseUrl, ...fast });
    await client.post('/articles', { title: 'first' }, { idempotencyKey: 'k-1' });
    const result = await client.post('/articles', { title: 'other' }, { idempotencyKey: 'k-1' });
    expect(result).toMatchObject({ kind: 'rejected', status: 422, problem: { status: 422 } });
    expect(received.map((request) => request.headers['idempotency-key'])).toEqual(['"k-1"', '"k-1"']);
  });

  it('sends the key it is given, escaped as an sf-string, and refuses one that cannot be sent', async () => {
    serveCollection();
    const client = createClient({ baseUrl, ...fast });
    await client.post('/articles', {}, { idempotencyKey: 'say "hi" \\o/' });
    expect(received[0]?.headers['idempotency-key']).toBe('"say \\"hi\\" \\\\o/"');
    await expect(client.post('/articles', {}, { idempotencyKey: '' })).rejects.toThrow(TypeError);
    await expect(client.post('/articles', {}, { idempotencyKey: 'caf\u00e9' })).rejects.toThrow(
      new TypeError(
        `POST ${baseUrl}/articles: idempotencyKey must be 1 to 255 printable ASCII characters (an Idempotency-Key sf-string), not "café"`,
      ),
    );
    expect(received).toHaveLength(1);
  });

  it('rejects a value JSON cannot represent with a TypeError naming the call, and sends nothing', async () => {
    serveCollection();
    const client = createClient({ baseUrl, ...fast });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await expect(client.post('/articles', { n: 1n })).rejects.toThrow(
      /^POST http:\/\/127\.0\.0\.1:\d+\/articles: the value cannot be sent as JSON \(.*BigInt.*\)$/,
    );
    await expect(client.put('/articles/a1', cycle, { ifMatch: '"a1"' })).rejects.toThrow(
      /^PUT .*\/articles\/a1: the value cannot be sent as JSON \(Converting circular structure to JSON\)$/,
    );
    await expect(client.put('/articles/a1', undefined, { ifMatch: '"a1"' })).rejects.toThrow(
      /^PUT .*\/articles\/a1: the value cannot be sent as JSON \(it is undefined\)$/,
    );
    expect(received).toHaveLength(0);
  });

  it('rejects an ifMatch that is not * or entity-tags with a TypeError naming the call, and sends nothing', async () => {
    const client = createClient({ baseUrl, ...fast });
    await expect(client.put('/doc', { a: 1 }, { ifMatch: '"a"\r\nX-Evil: 1' })).rejects.toThrow(
      /^PUT .*\/doc: ifMatch must be \* or entity-tags \("…" or W\/"…", comma-separated\), not "\\"a\\"\\r\\nX-Evil: 1"$/,
    );
    await expect(client.patch('/doc', { a: 2 }, { ifMatch: 'not a tag' })).rejects.toThrow(TypeError);
    await expect(client.delete('/doc', { ifMatch: 'v1' })).rejects.toThrow(/^DELETE .*ifMatch must be/);
    expect(received).toHaveLength(0);
  });

  it('remembers the created representation under its Location, not under the collection', async () => {
    serveCollection();
    const client = createClient({ baseUrl, ...fast });
    await client.post('/articles', { title: 'mine' });
    await client.get('/articles/a1');
    await client.get('/articles');
    expect(received[1]?.headers['if-none-match']).toBe('"a1"');
    expect(received[2]?.headers['if-none-match']).toBeUndefined();
  });
});
