import { Readable } from 'node:stream';
import fastifyEtag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, precond, preconditionSchemas } from './index.js';

// What only Fastify has: route config, typed params in the loader, response schemas, and
// @fastify/etag in the same app. Everything every adapter does is in ./adapter-suite.test.ts.

const handlerCalls: string[] = [];

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('route config', () => {
  const app = Fastify();
  let base = '';
  beforeAll(async () => {
    await app.register(precond, { requirePreconditions: true });
    app.patch<{ Params: { id: string } }>(
      '/items/:id',
      {
        config: {
          precond: {
            loadValidators: (request) =>
              (request.params as { id: string }).id === 'doc' ? { exists: true, etag: '"v1"' } : undefined,
          },
        },
        schema: { response: { ...preconditionSchemas } },
      },
      async (request, reply) => {
        handlerCalls.push(`patch ${request.params.id}`);
        return reply.code(404).send();
      },
    );
    app.get('/off', { config: { precond: false } }, async () => 'untagged');
    base = await listen(app);
  });
  afterAll(() => app.close());

  it("loads by the route's params, 404 from the handler for a missing item, the plugin's 428 for a present one", async () => {
    expect((await fetch(`${base}/items/missing`, { method: 'PATCH' })).status).toBe(404);
    expect(handlerCalls).toEqual(['patch missing']);
    const required = await fetch(`${base}/items/doc`, { method: 'PATCH' });
    expect(required.status).toBe(428);
    expect(required.headers.get('content-type')).toBe('application/problem+json');
    expect(await required.json()).toMatchObject({ status: 428, acceptedConditions: expect.any(Array) });
    expect(handlerCalls).toEqual(['patch missing']);
  });

  it('sends the 412 body whole through a route whose schema.response declares it', async () => {
    const res = await fetch(`${base}/items/doc`, { method: 'PATCH', headers: { 'if-match': '"v0"' } });
    expect(res.status).toBe(412);
    expect(await res.json()).toMatchObject({
      type: 'about:blank',
      status: 412,
      etag: '"v1"',
      instance: '/items/doc',
    });
  });

  it('leaves a route with config.precond false alone: no ETag, no 304', async () => {
    const res = await fetch(`${base}/off`, { headers: { 'if-none-match': '*' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
  });
});

describe.each([
  ['before', false],
  ['after', true],
])('with @fastify/etag (replyWith304: false) registered %s precond', (_order, etagAfter) => {
  const app = Fastify();
  let base = '';
  beforeAll(async () => {
    if (!etagAfter) await app.register(fastifyEtag, { replyWith304: false });
    await app.register(precond);
    if (etagAfter) await app.register(fastifyEtag, { replyWith304: false });
    app.get('/doc', async () => ({ title: 'doc' }));
    base = await listen(app);
  });
  afterAll(() => app.close());

  it("evaluates @fastify/etag's tag by RFC 9110: lists and * answer 304, a stale If-Match 412", async () => {
    const etag = (await fetch(`${base}/doc`)).headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const listed = await fetch(`${base}/doc`, { headers: { 'if-none-match': `"old", ${etag}` } });
    expect(listed.status).toBe(304);
    expect(listed.headers.get('etag')).toBe(etag);
    expect((await fetch(`${base}/doc`, { headers: { 'if-none-match': '*' } })).status).toBe(304);
    const stale = await fetch(`${base}/doc`, { headers: { 'if-match': '"old"' } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ status: 412, etag });
  });
});

describe('routes registered by other plugins, with hooks of their own', () => {
  const app = Fastify();
  let base = '';
  const loads: string[] = [];
  beforeAll(async () => {
    await app.register(precond);
    await app.register(
      async (child) => {
        child.get(
          '/guarded',
          {
            // The route's own preHandler (an authorisation check) comes before precond's loader.
            preHandler: (request, reply, done) => {
              if (request.headers.authorization === undefined) {
                reply.code(401).send({ error: 'who are you' });
                return;
              }
              done();
            },
            config: {
              precond: {
                loadValidators: () => {
                  loads.push('guarded');
                  return { exists: true, etag: '"g1"' };
                },
              },
            },
          },
          async () => 'guarded',
        );
        child.get('/plain', async () => 'plain');
      },
      { prefix: '/child' },
    );
    base = await listen(app);
  });
  afterAll(() => app.close());

  it("handles an encapsulated plugin's routes, GET and its HEAD, after the fact", async () => {
    const res = await fetch(`${base}/child/plain`);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect((await fetch(`${base}/child/plain`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    const head = await fetch(`${base}/child/plain`, { method: 'HEAD' });
    expect(head.headers.get('etag')).toBe(etag);
    expect(
      (await fetch(`${base}/child/plain`, { method: 'HEAD', headers: { 'if-none-match': etag! } })).status,
    ).toBe(304);
  });

  it("runs the route's own preHandler first: no 304 and no load for a request it refuses", async () => {
    const refused = await fetch(`${base}/child/guarded`, { headers: { 'if-none-match': '"g1"' } });
    expect(refused.status).toBe(401);
    expect(loads).toEqual([]);
    const allowed = await fetch(`${base}/child/guarded`, {
      headers: { 'if-none-match': '"g1"', authorization: 'Bearer x' },
    });
    expect(allowed.status).toBe(304);
    expect(loads).toEqual(['guarded']);
  });
});

describe('with an error handler of its own', () => {
  const app = Fastify();
  let base = '';
  beforeAll(async () => {
    await app.register(precond);
    app.setErrorHandler((_error, _request, reply) => reply.code(500).send({ handled: 'by the app' }));
    app.put('/doc', async () => {
      throw new PreconditionFailedError({ etag: '"v2"' });
    });
    app.get('/broken', async () => {
      throw new Error('not a precondition');
    });
    base = await listen(app);
  });
  afterAll(() => app.close());

  it("answers a thrown PreconditionFailedError with core's 412, whatever the error handler sent", async () => {
    const res = await fetch(`${base}/doc`, { method: 'PUT' });
    expect(res.status).toBe(412);
    expect(res.headers.get('etag')).toBe('"v2"');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 412, etag: '"v2"', instance: '/doc' });
  });

  it("leaves any other error to the app's handler", async () => {
    const res = await fetch(`${base}/broken`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ handled: 'by the app' });
  });
});

describe('a streamed payload a 304 or 412 replaces', () => {
  const app = Fastify();
  let base = '';
  const destroyed: string[] = [];
  const cancelled: string[] = [];
  beforeAll(async () => {
    await app.register(precond);
    const condition = (headers: Record<string, unknown>) =>
      String(headers['if-none-match'] ?? headers['if-match']);
    app.get('/file', async (request, reply) => {
      // One chunk, then nothing more for now, as a file read slower than it is sent: a stream
      // Fastify would drop unread and never close.
      let pushed = false;
      const source = new Readable({
        read() {
          if (!pushed) this.push('chunk');
          pushed = true;
        },
        destroy(error, callback) {
          destroyed.push(condition(request.headers));
          callback(error);
        },
      });
      return reply.header('etag', '"f1"').type('text/plain').send(source);
    });
    app.get('/web', async (request, reply) => {
      const source = new ReadableStream(
        {
          pull(controller) {
            controller.enqueue(new TextEncoder().encode('chunk'));
          },
          cancel() {
            cancelled.push(condition(request.headers));
          },
        },
        { highWaterMark: 0 },
      );
      return reply.header('etag', '"w1"').type('text/plain').send(source);
    });
    base = await listen(app);
  });
  afterAll(() => app.close());

  it('is destroyed (a Node.js stream) as the answer goes out', async () => {
    const revalidated = await fetch(`${base}/file`, { headers: { 'if-none-match': '"f1"' } });
    expect(revalidated.status).toBe(304);
    await revalidated.arrayBuffer();
    const failed = await fetch(`${base}/file`, { headers: { 'if-match': '"other"' } });
    expect(failed.status).toBe(412);
    await failed.arrayBuffer();
    expect(destroyed).toEqual(['"f1"', '"other"']);
  });

  it('is cancelled (a web ReadableStream) as the answer goes out', async () => {
    const revalidated = await fetch(`${base}/web`, { headers: { 'if-none-match': '"w1"' } });
    expect(revalidated.status).toBe(304);
    await revalidated.arrayBuffer();
    expect(cancelled).toEqual(['"w1"']);
  });
});

describe('a 304 to HEAD', () => {
  const app = Fastify();
  let base = '';
  beforeAll(async () => {
    await app.register(precond);
    app.route({ method: ['GET', 'HEAD'], url: '/named', handler: async () => ({ head: 'named' }) });
    app.get('/implied', async () => ({ head: 'implied' }));
    base = await listen(app);
  });
  afterAll(() => app.close());

  it.each([
    ['a route that names HEAD itself', '/named'],
    ['the HEAD route Fastify adds for a GET route', '/implied'],
  ])('carries no Content-Length on %s (RFC 9110 §8.6)', async (_, path) => {
    const whole = await fetch(`${base}${path}`, { method: 'HEAD' });
    expect(whole.status).toBe(200);
    expect(Number(whole.headers.get('content-length'))).toBeGreaterThan(0);
    const res = await fetch(`${base}${path}`, { method: 'HEAD', headers: { 'if-none-match': '*' } });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(whole.headers.get('etag'));
    expect(res.headers.get('content-length')).toBeNull();
  });
});
