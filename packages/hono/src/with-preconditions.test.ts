import { generateEntityTag } from '@precond/core/etag-web';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { describe, expect, it } from 'vitest';
import type { PreconditionEnv } from './index.js';
import { PreconditionFailedError, preconditions, withPreconditions } from './index.js';

// What only the handler wrapper does; the adapter suite (./adapter-suite.test.ts) runs every shared
// case on it too, behind an app-wide preconditions().

const quietApp = () => new Hono<PreconditionEnv>().onError((error, c) => c.text(error.message, 500));
const lastModified = new Date('2026-01-02T03:04:05Z');
const loadValidators = () => ({ exists: true, etag: '"v1"', lastModified });
const origin = 'https://app.example';

describe('withPreconditions, the route alone', () => {
  const app = quietApp();
  app.on(
    ['GET', 'PATCH'],
    '/doc',
    withPreconditions((c) => c.text(`doc ${c.req.method}`), { loadValidators, requirePreconditions: true }),
  );

  it('answers 304, 412 and 428 without calling the handler, with the validators', async () => {
    const answers = [
      await app.request('/doc', { headers: { 'if-none-match': '"v1"' } }),
      await app.request('/doc', { method: 'PATCH', headers: { 'if-match': '"v0"' } }),
      await app.request('/doc', { method: 'PATCH' }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([304, 412, 428]);
    expect(answers.map((answer) => answer.headers.get('etag'))).toEqual(['"v1"', '"v1"', null]);
    expect(answers[0]?.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect(await answers[0]?.text()).toBe('');
    expect(answers[1]?.headers.get('content-type')).toBe('application/problem+json');
  });

  it('adds the validators to the 200, and HEAD gets the same fields', async () => {
    const get = await app.request('/doc');
    expect([get.status, await get.text(), get.headers.get('etag')]).toEqual([200, 'doc GET', '"v1"']);
    expect(get.headers.get('last-modified')).toBe(lastModified.toUTCString());
    const head = await app.request('/doc', { method: 'HEAD' });
    expect([head.status, head.headers.get('etag'), await head.text()]).toEqual([200, '"v1"', '']);
  });

  it('answers without a promise when the loader and the handler do', () => {
    const revalidated = app.fetch(
      new Request('http://localhost/doc', { headers: { 'if-none-match': '"v1"' } }),
    );
    const served = app.fetch(new Request('http://localhost/doc'));
    expect(revalidated).toBeInstanceOf(Response);
    expect(served).toBeInstanceOf(Response);
    expect([(revalidated as Response).status, (served as Response).status]).toEqual([304, 200]);
  });
});

describe('withPreconditions, what the handler does', () => {
  it('hands it c.var.precond, waits for an async loader and handler', async () => {
    const app = quietApp();
    const seen: unknown[] = [];
    app.put(
      '/doc',
      withPreconditions(
        async (c) => {
          seen.push(c.var.precond.writeCondition);
          await Promise.resolve();
          return c.body(null, 204);
        },
        { loadValidators: async () => loadValidators() },
      ),
    );
    expect((await app.request('/doc', { method: 'PUT', headers: { 'if-match': '"v1"' } })).status).toBe(204);
    expect((await app.request('/doc', { method: 'PUT', headers: { 'if-match': '"v0"' } })).status).toBe(412);
    expect(seen).toEqual([{ kind: 'etags', etags: ['"v1"'] }]);
  });

  it('keeps its own ETag, and puts none on its 404 or on what app.onError answers', async () => {
    const app = quietApp();
    app.get(
      '/own',
      withPreconditions(
        (c) => {
          c.header('etag', '"own"');
          return c.text('own');
        },
        { loadValidators },
      ),
    );
    app.get(
      '/missing',
      withPreconditions((c) => c.text('no such doc', 404), { loadValidators }),
    );
    app.get(
      '/broken',
      withPreconditions(
        () => {
          throw new Error('storage down');
        },
        { loadValidators },
      ),
    );
    const own = await app.request('/own');
    const missing = await app.request('/missing');
    const broken = await app.request('/broken');
    expect(own.headers.get('etag')).toBe('"own"');
    expect(own.headers.get('last-modified')).toBe(lastModified.toUTCString());
    expect([missing.status, missing.headers.get('etag'), missing.headers.get('last-modified')]).toEqual([
      404,
      null,
      null,
    ]);
    expect([broken.status, await broken.text(), broken.headers.get('etag')]).toEqual([
      500,
      'storage down',
      null,
    ]);
  });

  it('answers a thrown PreconditionFailedError with the 412, thrown at once or from a promise', async () => {
    const app = quietApp();
    app.patch(
      '/at-once',
      withPreconditions(() => {
        throw new PreconditionFailedError({ etag: '"v2"' });
      }),
    );
    app.patch(
      '/later',
      withPreconditions(async () => {
        await Promise.resolve();
        throw new PreconditionFailedError({ etag: '"v3"' });
      }),
    );
    const atOnce = await app.request('/at-once', { method: 'PATCH' });
    const later = await app.request('/later', { method: 'PATCH' });
    expect([atOnce.status, atOnce.headers.get('etag')]).toEqual([412, '"v2"']);
    expect([later.status, later.headers.get('etag')]).toEqual([412, '"v3"']);
    expect(later.headers.get('content-type')).toBe('application/problem+json');
  });

  it('tags the body after the fact without loadValidators, and answers 304', async () => {
    const app = quietApp();
    app.get(
      '/after',
      withPreconditions((c) => c.json({ hello: 1 })),
    );
    const first = await app.request('/after');
    const tag = first.headers.get('etag');
    expect(tag).toBe(await generateEntityTag('{"hello":1}'));
    const again = await app.request('/after', { headers: { 'if-none-match': tag ?? '' } });
    expect([again.status, again.headers.get('content-type')]).toEqual([304, null]);
  });
});

describe('withPreconditions behind other middleware', () => {
  /** cors() reads `c.res` before the route, which builds a response; a plain `c.header()` does not. */
  function appWith(withCors: boolean, route: (app: Hono<PreconditionEnv>) => void): Hono<PreconditionEnv> {
    const app = quietApp();
    if (withCors) app.use(cors({ origin }));
    app.use(async (c, next) => {
      c.header('x-request-id', 'r1');
      await next();
    });
    route(app);
    return app;
  }

  it.each([
    ['cors() and c.header()', true],
    ['c.header() alone', false],
  ])('keeps the fields of %s on the 304, 412 and 428 it answers', async (_name, withCors) => {
    const app = appWith(withCors, (app) => {
      app.on(
        ['GET', 'PATCH'],
        '/doc',
        withPreconditions((c) => c.text('doc'), { loadValidators, requirePreconditions: true }),
      );
      app.patch(
        '/thrown',
        withPreconditions(() => {
          throw new PreconditionFailedError({ etag: '"v2"' });
        }),
      );
    });
    const answers = [
      await app.request('/doc', { headers: { origin, 'if-none-match': '"v1"' } }),
      await app.request('/doc', { method: 'PATCH', headers: { origin, 'if-match': '"v0"' } }),
      await app.request('/doc', { method: 'PATCH', headers: { origin } }),
      await app.request('/thrown', { method: 'PATCH', headers: { origin } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([304, 412, 428, 412]);
    for (const answer of answers) {
      expect(answer.headers.get('access-control-allow-origin')).toBe(withCors ? origin : null);
      expect(answer.headers.get('x-request-id')).toBe('r1');
    }
  });

  it('decides over an app-wide preconditions(): the route is evaluated once, with its own options', async () => {
    const app = quietApp();
    app.use(preconditions());
    app.patch(
      '/doc',
      withPreconditions((c) => c.text('written'), { loadValidators, requirePreconditions: true }),
    );
    app.get(
      '/doc',
      withPreconditions((c) => c.text('doc'), { loadValidators }),
    );
    expect((await app.request('/doc', { method: 'PATCH' })).status).toBe(428);
    const get = await app.request('/doc');
    // After the fact, the app-wide one would have hashed the body into a tag of its own.
    expect([get.status, get.headers.get('etag')]).toEqual([200, '"v1"']);
  });
});
