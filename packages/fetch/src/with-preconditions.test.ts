import { describe, expect, it } from 'vitest';
import type { PreconditionResult } from './index.js';
import { json, PreconditionFailedError, text, withPreconditions } from './index.js';

// What only the Fetch wrapper does, called the way a Fetch runtime calls a handler: a Request and
// the runtime's further arguments. Everything every adapter does is in ./adapter-suite.test.ts.

const request = (init: RequestInit = {}, path = '/doc') => new Request(`http://localhost${path}`, init);

describe('the runtime arguments', () => {
  it("hands the runtime's arguments to the loader and, after the result, to the handler", async () => {
    type Env = { readonly store: string };
    const loaded: string[] = [];
    const handled: [string, number, PreconditionResult][] = [];
    const handler = withPreconditions(
      (_request, precond, env: Env, attempt: number) => {
        handled.push([env.store, attempt, precond]);
        return text('body');
      },
      {
        loadValidators: (_request, env) => {
          loaded.push(env.store);
          return { exists: true, etag: '"v1"' };
        },
      },
    );
    expect((await handler(request({ headers: { 'if-none-match': '"v1"' } }), { store: 'a' }, 1)).status).toBe(
      304,
    );
    expect((await handler(request(), { store: 'b' }, 2)).headers.get('etag')).toBe('"v1"');
    expect(loaded).toEqual(['a', 'b']);
    expect(handled.map(([store, attempt, precond]) => [store, attempt, precond.validators?.etag])).toEqual([
      ['b', 2, '"v1"'],
    ]);
  });
});

describe('after the fact', () => {
  it('tags a json() body without reading it, and answers 304 to its tag', async () => {
    const handler = withPreconditions(() => json({ a: 1 }));
    const first = await handler(request());
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(await first.text()).toBe('{"a":1}');
    expect((await handler(request({ headers: { 'if-none-match': etag ?? '' } }))).status).toBe(304);
  });

  it('never reads a streamed body: the response goes out untagged and unread', async () => {
    let pulls = 0;
    const handler = withPreconditions(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulls += 1;
              controller.enqueue(new TextEncoder().encode('event\n'));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const response = await handler(request());
    expect(response.headers.get('etag')).toBeNull();
    expect(response.bodyUsed).toBe(false);
    // A ReadableStream pulls once to fill its queue when created; nothing past that was read.
    expect(pulls).toBeLessThanOrEqual(1);
    await response.body?.cancel();
  });

  it('leaves a HEAD answered without a body untagged, where a GET tags its bytes (RFC 9110 §9.3.2)', async () => {
    const body = 'hello world';
    const handler = withPreconditions(
      (req) =>
        new Response(req.method === 'HEAD' ? null : body, {
          headers: { 'content-length': String(body.length) },
        }),
    );
    const get = await handler(request());
    const etag = get.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const head = await handler(request({ method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBeNull();
    // An untagged HEAD has no tag for If-None-Match to match: the 200 goes out, never a wrong 304.
    expect((await handler(request({ method: 'HEAD', headers: { 'if-none-match': etag } }))).status).toBe(200);
    // An empty GET body is a representation of its own: its tag is the empty body's.
    const empty = withPreconditions(() => new Response(null));
    expect((await empty(request())).headers.get('etag')).toMatch(/^"[\w-]+"$/);
  });

  it('reads and tags a body that declares a Content-Length', async () => {
    const handler = withPreconditions(
      () => new Response(new Blob(['sized']).stream(), { headers: { 'content-length': '5' } }),
    );
    const response = await handler(request());
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(await response.text()).toBe('sized');
  });
});

describe('errors', () => {
  it('answers a thrown PreconditionFailedError with the 412 problem, carrying the current ETag', async () => {
    const handler = withPreconditions(() => {
      throw new PreconditionFailedError({ etag: '"v2"' });
    });
    const response = await handler(request({ method: 'PUT', headers: { 'if-match': '"v1"' } }));
    expect(response.status).toBe(412);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('etag')).toBe('"v2"');
    expect(await response.json()).toMatchObject({ status: 412, instance: '/doc' });
  });

  it('rethrows any other error as it is', async () => {
    const failure = new Error('storage down');
    const handler = withPreconditions(() => {
      throw failure;
    });
    await expect(handler(request())).rejects.toBe(failure);
  });

  it.each([
    ['If-Match', 'nonsense, "'],
    ['If-None-Match', 'W/'],
    ['If-Modified-Since', 'yesterday'],
    ['If-Unmodified-Since', '\u00ff'],
  ])('never throws on a malformed %s', async (name, value) => {
    const handler = withPreconditions(() => text('ok'), {
      loadValidators: () => ({ exists: true, etag: '"v1"', lastModified: new Date(0) }),
    });
    const response = await handler(request({ headers: { [name]: value } }));
    expect([200, 304, 412]).toContain(response.status);
  });
});
