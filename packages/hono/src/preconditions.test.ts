import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { generateEntityTag } from '@precond/core/etag-web';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { describe, expect, it, vi } from 'vitest';
import type { PreconditionEnv } from './index.js';
import { PreconditionFailedError, preconditions } from './index.js';

// What only the Hono middleware does; everything every adapter does is in ./adapter-suite.test.ts.

const quietApp = () => new Hono<PreconditionEnv>().onError((error, c) => c.text(error.message, 500));

describe('after the fact, on what Hono builds', () => {
  it.each([
    ['c.text', (c: { text(body: string): Response }) => c.text('hello')],
    ['c.json', (c: { json(body: object): Response }) => c.json({ hello: 1 })],
    ['c.html', (c: { html(body: string): Response | Promise<Response> }) => c.html('<p>hello</p>')],
    ['c.body', (c: { body(body: string): Response }) => c.body('hello')],
  ] as const)('tags a %s body and answers 304 without its content fields', async (_name, respond) => {
    const app = quietApp().use(preconditions());
    app.get('/doc', (c) => respond(c as never));
    const first = await app.request('/doc');
    const tag = first.headers.get('etag') ?? '';
    expect(tag).toMatch(/^"[\w-]{27}"$/);
    const again = await app.request('/doc', { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-type')).toBeNull();
    expect(again.headers.get('etag')).toBe(tag);
    expect(await again.text()).toBe('');
  });

  it.each([
    ['a value', (c: Context) => c.json({ hello: [1, 'two', null] })],
    ['a status', (c: Context) => c.json({ hello: 1 }, 201)],
    ['an init', (c: Context) => c.json({ hello: 1 }, { status: 202, headers: { 'x-init': 'i' } })],
    ['fields', (c: Context) => c.json('text', 200, { 'content-type': 'application/problem+json' })],
    [
      'fields set before',
      (c: Context) => {
        c.header('x-before', 'b');
        c.status(203);
        return c.json([1]);
      },
    ],
    ['nothing to serialise', (c: Context) => c.json(undefined as never)],
  ] as const)('builds c.json of %s as Hono does, serialising it once', async (_name, build) => {
    const respond = build as (c: Context) => Response;
    const plain = quietApp();
    plain.get('/doc', respond);
    const tagged = quietApp().use(preconditions());
    tagged.get('/doc', respond);
    const expected = await plain.request('/doc');
    // Hono is asked for a response to `null`, whose serialising costs nothing: a value is serialised once.
    const stringify = vi.spyOn(JSON, 'stringify');
    let serialised: unknown[];
    const actual = await Promise.resolve(tagged.request('/doc')).finally(() => {
      serialised = stringify.mock.calls.map(([value]) => value).filter((value) => value != null);
      stringify.mockRestore();
    });
    expect(serialised!.length).toBeLessThanOrEqual(1);
    expect(actual.status).toBe(expected.status);
    const fields = (response: Response) => [...response.headers].filter(([name]) => name !== 'etag');
    expect(fields(actual)).toEqual(fields(expected));
    expect(await actual.text()).toBe(await expected.text());
  });

  /** Middleware that puts each JSON body in an envelope, as some APIs do, through its own `c.json`. */
  const envelope: MiddlewareHandler = async (c, next) => {
    const json = c.json as (data: unknown, ...rest: unknown[]) => Response;
    (c as { json: unknown }).json = (data: unknown, ...rest: unknown[]) => json({ data }, ...rest);
    await next();
  };

  it('tags the bytes a c.json of a middleware after precond sends', async () => {
    const app = quietApp().use(preconditions()).use(envelope);
    app.get('/doc', (c) => c.json({ hello: 1 }));
    const first = await app.request('/doc');
    const text = await first.text();
    expect(text).toBe('{"data":{"hello":1}}');
    expect(first.headers.get('etag')).toBe(await generateEntityTag(text));
    const again = await app.request('/doc', {
      headers: { 'if-none-match': first.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('leaves a c.json of a middleware before precond as it is, its bytes untagged (sync or async)', async () => {
    const later: MiddlewareHandler = async (c, next) => {
      const json = c.json as (data: unknown, ...rest: unknown[]) => Response;
      (c as { json: unknown }).json = async (data: unknown, ...rest: unknown[]) =>
        json({ later: data }, ...rest);
      await next();
    };
    for (const [wrapper, expected] of [
      [envelope, '{"data":{"hello":1}}'],
      [later, '{"later":{"hello":1}}'],
    ] as const) {
      const app = quietApp().use(wrapper).use(preconditions());
      app.get('/doc', (c) => c.json({ hello: 1 }));
      const response = await app.request('/doc');
      expect(await response.text()).toBe(expected);
      expect(response.headers.get('etag')).toBeNull();
    }
  });

  it('never reads a stream the handler returns: it goes out untagged', async () => {
    let pulls = 0;
    const app = quietApp().use(preconditions());
    app.get('/events', (c) =>
      c.body(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulls += 1;
            controller.enqueue(new TextEncoder().encode('data: tick\n\n'));
          },
        }),
      ),
    );
    const response = await app.request('/events');
    expect(response.headers.get('etag')).toBeNull();
    expect(pulls).toBeLessThanOrEqual(1);
    await response.body?.cancel();
  });
});

describe('the handler', () => {
  it('reads the write condition from c.var.precond and c.get("precond"), typed', async () => {
    const app = quietApp();
    const seen: unknown[] = [];
    app.put('/doc', preconditions({ loadValidators: () => ({ exists: true, etag: '"v1"' }) }), (c) => {
      seen.push(c.var.precond.writeCondition, c.get('precond').validators?.etag);
      return c.body(null, 204);
    });
    expect((await app.request('/doc', { method: 'PUT', headers: { 'if-match': '"v1"' } })).status).toBe(204);
    expect((await app.request('/doc', { method: 'PUT', headers: { 'if-match': '"v0"' } })).status).toBe(412);
    expect(seen).toEqual([{ kind: 'etags', etags: ['"v1"'] }, '"v1"']);
  });

  it('answers a thrown PreconditionFailedError with the 412 after app.onError saw it, and clears c.error', async () => {
    const app = quietApp();
    const errors: unknown[] = [];
    app.use(async (c, next) => {
      await next();
      errors.push(c.error);
    });
    app.put('/doc', preconditions(), () => {
      throw new PreconditionFailedError({ etag: '"v2"' });
    });
    const response = await app.request('/doc', { method: 'PUT' });
    expect(response.status).toBe(412);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('etag')).toBe('"v2"');
    expect(errors).toEqual([undefined]);
  });

  it('leaves any other error to Hono', async () => {
    const app = quietApp().use(preconditions());
    app.get('/doc', () => {
      throw new Error('storage down');
    });
    const response = await app.request('/doc');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('storage down');
  });
});

describe('beside hono/etag', () => {
  it('decides first when registered after etag(): etag then leaves the 304 and the tag alone', async () => {
    const app = quietApp();
    app.use(etag());
    app.get('/doc', preconditions({ loadValidators: () => ({ exists: true, etag: '"v1"' }) }), (c) =>
      c.text('body'),
    );
    const first = await app.request('/doc');
    expect(first.headers.get('etag')).toBe('"v1"');
    const again = await app.request('/doc', { headers: { 'if-none-match': '"v1"' } });
    expect(again.status).toBe(304);
    // A failed If-Match, which hono/etag does not read, is precond's 412.
    const write = await app.request('/doc', { method: 'GET', headers: { 'if-match': '"v0"' } });
    expect(write.status).toBe(412);
  });
});

describe('beside cors() and other middleware before it', () => {
  const origin = 'https://app.example';
  /** An app with cors() and a middleware that sets a cache policy, both before precond. */
  function appWith(...routes: ((app: Hono<PreconditionEnv>) => void)[]): Hono<PreconditionEnv> {
    const app = quietApp();
    app.use(cors({ origin }));
    app.use(async (c, next) => {
      c.header('x-request-id', 'r1');
      c.header('cache-control', 'public, max-age=60');
      await next();
    });
    for (const route of routes) route(app);
    return app;
  }
  const validatorFirst = (app: Hono<PreconditionEnv>) => {
    app.on(
      ['GET', 'PATCH'],
      '/doc',
      preconditions({ loadValidators: () => ({ exists: true, etag: '"v1"' }), requirePreconditions: true }),
      (c) => c.text('doc'),
    );
  };
  const thrown = (app: Hono<PreconditionEnv>) => {
    app.patch('/thrown', preconditions(), () => {
      throw new PreconditionFailedError({ etag: '"v2"' });
    });
  };

  it('keeps their fields on the 304, 412 and 428 it answers, its own winning', async () => {
    const app = appWith(validatorFirst, thrown);
    const answers = [
      await app.request('/doc', { headers: { origin, 'if-none-match': '"v1"' } }),
      await app.request('/doc', { method: 'PATCH', headers: { origin, 'if-match': '"v0"' } }),
      await app.request('/doc', { method: 'PATCH', headers: { origin } }),
      await app.request('/thrown', { method: 'PATCH', headers: { origin, 'if-match': '"v1"' } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([304, 412, 428, 412]);
    for (const answer of answers) {
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('x-request-id')).toBe('r1');
    }
    // A 304 keeps the cache policy (RFC 9110 §15.4.5); a 412 or 428 is not to be stored.
    expect(answers[0]?.headers.get('cache-control')).toBe('public, max-age=60');
    for (const answer of answers.slice(1)) expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('tags after the fact the response Hono rebuilt over the one cors() touched', async () => {
    const app = appWith((app) => app.get('/after', preconditions(), (c) => c.json({ hello: 1 })));
    const first = await app.request('/after', { headers: { origin } });
    const tag = first.headers.get('etag');
    expect(tag).toBe(await generateEntityTag('{"hello":1}'));
    expect(await first.text()).toBe('{"hello":1}');
    const again = await app.request('/after', { headers: { origin, 'if-none-match': tag ?? '' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('access-control-allow-origin')).toBe(origin);
    expect((await app.request('/after', { headers: { origin, 'if-match': '"nope"' } })).status).toBe(412);
  });
});

describe('on @hono/node-server', () => {
  /** Serves `app` on a free port for one test; resolves to its base URL and a way to stop it. */
  async function served(app: Hono<PreconditionEnv>): Promise<{ url: string; close(): Promise<void> }> {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  const loadValidators = () => ({ exists: true, etag: '"v1"' });

  it("reads the fields from Node's request, never building c.req.raw.headers", async () => {
    let built = 0;
    const app = quietApp();
    app.use(async (c, next) => {
      const raw = c.req.raw;
      const headers = () => {
        built += 1;
        return new Headers();
      };
      Object.defineProperty(raw, 'headers', { get: headers, configurable: true });
      await next();
    });
    app.get('/doc', preconditions({ loadValidators }), (c) => c.text('body'));
    const { url, close } = await served(app);
    try {
      const response = await fetch(`${url}/doc`, { headers: { 'if-none-match': '"v1"' } });
      expect(response.status).toBe(304);
      expect(built).toBe(0);
    } finally {
      await close();
    }
  });

  it('tags after the fact, and keeps cors() fields on its answers, over a real socket', async () => {
    const origin = 'https://app.example';
    const app = quietApp();
    app.use(cors({ origin }));
    app.get('/after', preconditions(), (c) => c.json({ hello: 1 }));
    app.get('/first', preconditions({ loadValidators }), (c) => c.text('body'));
    const { url, close } = await served(app);
    try {
      const first = await fetch(`${url}/after`, { headers: { origin } });
      const tag = first.headers.get('etag') ?? '';
      expect(tag).toBe(await generateEntityTag('{"hello":1}'));
      expect(await first.text()).toBe('{"hello":1}');
      const failed = await fetch(`${url}/after`, { headers: { origin, 'if-match': '"nope"' } });
      expect(failed.status).toBe(412);
      expect(failed.headers.get('access-control-allow-origin')).toBe(origin);
      const revalidated = await fetch(`${url}/first`, { headers: { origin, 'if-none-match': '"v1"' } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.get('access-control-allow-origin')).toBe(origin);
    } finally {
      await close();
    }
  });

  it('reads a request a middleware put in place of c.req.raw from that request', async () => {
    const app = quietApp();
    app.use(async (c, next) => {
      // What a rewriting middleware does: a new Request, here without the client's If-None-Match.
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method });
      await next();
    });
    app.get('/doc', preconditions({ loadValidators }), (c) => c.text('body'));
    const { url, close } = await served(app);
    try {
      const response = await fetch(`${url}/doc`, { headers: { 'if-none-match': '"v1"' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('body');
    } finally {
      await close();
    }
  });
});
