import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { generateEntityTag } from '@precond/core/etag';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
// @ts-expect-error Express 4, installed under another name, has no types of its own here: it is
// typed as Express 5, whose API precond uses is the same.
import express4Untyped from 'express4';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Decision } from './index.js';
import { PreconditionFailedError, preconditionErrors, preconditions } from './index.js';

// What only Express has: the loader gets the route's `req`, errors go to `next(err)`, and Express's
// own `etag` setting and `req.fresh` (on by default) give way to precond on the routes it handles.
// Everything every adapter does is in ./adapter-suite.test.ts. All of it on Express 5 and 4.

const express4 = express4Untyped as typeof express;

for (const [name, createApp] of [
  ['Express 5', express],
  ['Express 4', express4],
] as const) {
  describe(name, () => {
    const handlerCalls: string[] = [];
    const decisions: Decision[] = [];
    const freshSeen: boolean[] = [];
    const responseErrors: string[] = [];
    const destroyedSources: string[] = [];
    let base = '';
    let close: () => Promise<void>;

    beforeAll(async () => {
      const app = createApp();
      app.patch(
        '/items/:id',
        preconditions({
          loadValidators: (req) => (req.params.id === 'doc' ? { exists: true, etag: '"v1"' } : undefined),
          requirePreconditions: true,
        }),
        (req, res) => {
          handlerCalls.push(`missing ${req.params.id}`);
          res.status(404).end();
        },
      );
      app.get('/tagged', preconditions(), (req, res) => {
        res.set('Last-Modified', 'Sun, 06 Dec 2026 10:00:00 GMT');
        freshSeen.push(req.fresh);
        res.send('tagged');
      });
      const current = preconditions({
        loadValidators: () => ({ exists: true, etag: '"c1"' }),
        cacheFields: { 'cache-control': 'max-age=60' },
      });
      app.get('/head-written', current, (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
      });
      app.get('/race-lost', current, () => {
        throw new PreconditionFailedError({ etag: '"c1"' });
      });
      // Express routes QUERY (Node's http.METHODS has it) and its `req.fresh` answers it as a GET.
      app.all('/queried', preconditions(), (req, res) => {
        freshSeen.push(req.fresh);
        res.send('tagged');
      });
      app.get('/streamed', preconditions(), (_req, res) => {
        res.set('ETag', '"s1"').type('text/plain');
        Readable.from(['str', 'eamed']).pipe(res);
      });
      app.get('/piped', preconditions(), (req, res) => {
        // One chunk, then nothing more for now (a file or a cursor read slower than it is sent): a
        // source that would sit paused, open, once the ended response unpipes it.
        let pushed = false;
        const source = new Readable({
          read() {
            if (!pushed) this.push('chunk');
            pushed = true;
          },
          destroy(error, callback) {
            destroyedSources.push(String(req.headers['if-none-match'] ?? req.headers['if-match']));
            callback(error);
          },
        });
        res.set('ETag', '"p1"').type('text/plain');
        source.pipe(res);
      });
      app.get('/streamed-then-ended', preconditions(), (_req, res) => {
        // Unheard, an 'error' on the response (a write after end) would end the process.
        res.on('error', (error) => void responseErrors.push(error.message));
        res.set('ETag', '"s3"').type('text/plain');
        res.write('str');
        res.end('eamed');
      });
      app.get('/express', (_req, res) => {
        res.send('tagged');
      });
      app.get('/untagged', preconditions({ etagGeneration: false }), (_req, res) => {
        res.send('tagged');
      });
      app.get(
        '/dated-only',
        preconditions({
          loadValidators: () => ({ exists: true, lastModified: new Date('2026-12-01T00:00:00Z') }),
        }),
        (_req, res) => {
          res.send('tagged');
        },
      );
      app.get(
        '/broken',
        preconditions({
          loadValidators: () => {
            throw new Error('the store is down');
          },
        }),
        (_req, res) => {
          res.send('never');
        },
      );
      app.get(
        '/broken-later',
        preconditions({ loadValidators: () => Promise.reject(new Error('the store went away')) }),
        (_req, res) => {
          res.send('never');
        },
      );
      app.patch(
        '/failing',
        preconditions({
          loadValidators: () => ({ exists: true, etag: '"v1"' }),
          deferIfMatch: true,
          onDecision: (decision) => void decisions.push(decision),
        }),
        () => {
          throw new Error('the write failed');
        },
      );
      app.use(preconditionErrors());
      app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(503).send(error.message);
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise((resolve) => server.close(() => resolve()));
    });
    afterAll(() => close());

    /** The status of a GET sent with node:http: fetch adds `Cache-Control: no-cache` to a conditional request, which turns `req.fresh` off. */
    function statusOf(
      path: string,
      headers: Record<string, string>,
      method = 'GET',
    ): Promise<number | undefined> {
      return new Promise((resolve, reject) => {
        request(`${base}${path}`, { headers, method }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        })
          .on('error', reject)
          .end();
      });
    }

    describe('loadValidators(req)', () => {
      it("loads by the route's req.params: 404 from the handler for a missing item, 428 for a present one", async () => {
        const missing = await fetch(`${base}/items/missing`, { method: 'PATCH' });
        expect(missing.status).toBe(404);
        expect(handlerCalls).toEqual(['missing missing']);
        expect((await fetch(`${base}/items/doc`, { method: 'PATCH' })).status).toBe(428);
        expect(handlerCalls).toEqual(['missing missing']);
      });

      it('passes an error the loader throws to next(err), past preconditionErrors()', async () => {
        const res = await fetch(`${base}/broken`);
        expect(res.status).toBe(503);
        expect(await res.text()).toBe('the store is down');
      });

      it('passes a promise the loader rejects to next(err) too (Express 4 would not catch it)', async () => {
        const res = await fetch(`${base}/broken-later`);
        expect(res.status).toBe(503);
        expect(await res.text()).toBe('the store went away');
      });
    });

    describe("Express's etag setting and req.fresh", () => {
      const strong = generateEntityTag(Buffer.from('tagged'));

      it("replaces Express's weak ETag with precond's strong one on the routes it handles", async () => {
        expect((await fetch(`${base}/express`)).headers.get('etag')).toMatch(/^W\//);
        const res = await fetch(`${base}/tagged`);
        expect(res.headers.get('etag')).toBe(strong);
        expect(await res.text()).toBe('tagged');
      });

      it('sends neither a weak ETag of Express nor a stand-in when precond tags nothing', async () => {
        for (const path of ['/untagged', '/dated-only']) {
          const res = await fetch(`${base}${path}`);
          expect(res.status).toBe(200);
          expect(res.headers.get('etag')).toBeNull();
          expect(await res.text()).toBe('tagged');
        }
      });

      it('answers 412, not the 304 of req.fresh, when If-Match fails and If-None-Match matches', async () => {
        const headers = { 'If-Match': '"other"', 'If-None-Match': strong };
        expect(await statusOf('/tagged', headers)).toBe(412);
        const weak = (await fetch(`${base}/express`)).headers.get('etag') ?? '';
        expect(await statusOf('/express', { ...headers, 'If-None-Match': weak })).toBe(304);
      });

      it('shows the handler req.fresh as false: precond decides the 304', async () => {
        freshSeen.length = 0;
        const since = { 'If-Modified-Since': 'Sun, 06 Dec 2026 11:00:00 GMT' };
        expect(await statusOf('/tagged', { 'If-None-Match': strong })).toBe(304);
        expect(await statusOf('/tagged', since)).toBe(304);
        expect(freshSeen).toEqual([false, false]);
      });

      it("answers QUERY by precond's rules, not by req.fresh: 412 for a failing If-Match, no 304 on its stand-in", async () => {
        freshSeen.length = 0;
        const headers = { 'If-Match': '"other"', 'If-None-Match': '*' };
        expect(await statusOf('/queried', headers, 'QUERY')).toBe(412);
        // The stand-in Express sees while it sends is no tag of the response's: nothing to match.
        expect(await statusOf('/queried', { 'If-None-Match': '"precond-untagged"' }, 'QUERY')).toBe(200);
        expect(await statusOf('/queried', { 'If-None-Match': strong }, 'QUERY')).toBe(304);
        expect(freshSeen).toEqual([false, false, false]);
      });
    });

    describe('validator-first fields', () => {
      it('are withdrawn from a head the handler writes itself with res.writeHead(404)', async () => {
        const res = await fetch(`${base}/head-written`);
        expect(res.status).toBe(404);
        expect(res.headers.get('etag')).toBeNull();
        expect(res.headers.get('cache-control')).toBeNull();
        expect(await res.text()).toBe('gone');
      });

      it("give way to the 412 of a thrown PreconditionFailedError, which keeps core's ETag", async () => {
        const res = await fetch(`${base}/race-lost`);
        expect(res.status).toBe(412);
        expect(res.headers.get('etag')).toBe('"c1"');
        expect(res.headers.get('cache-control')).toBe('no-store');
        await res.arrayBuffer();
      });
    });

    describe('preconditionErrors()', () => {
      it('passes any other error on, and a deferred write that failed is not reported as written', async () => {
        const res = await fetch(`${base}/failing`, { method: 'PATCH', headers: { 'If-Match': '"v1"' } });
        expect(res.status).toBe(503);
        expect(await res.text()).toBe('the write failed');
        expect(decisions).toEqual([]);
      });
    });

    describe('a streamed body', () => {
      it('is answered 304 from the ETag the handler set, the rest of the stream dropped', async () => {
        const res = await fetch(`${base}/streamed`, { headers: { 'If-None-Match': '"s1"' } });
        expect(res.status).toBe(304);
        expect(res.headers.get('etag')).toBe('"s1"');
        expect(await res.text()).toBe('');
        const whole = await fetch(`${base}/streamed`);
        expect(whole.status).toBe(200);
        expect(await whole.text()).toBe('streamed');
      });

      it('destroys the source piped into it when a 304 or 412 goes out instead', async () => {
        const revalidated = await fetch(`${base}/piped`, { headers: { 'If-None-Match': '"p1"' } });
        expect(revalidated.status).toBe(304);
        await revalidated.arrayBuffer();
        const failed = await fetch(`${base}/piped`, { headers: { 'If-Match': '"other"' } });
        expect(failed.status).toBe(412);
        await failed.arrayBuffer();
        // Destroyed as the answer is written, before it reaches the client.
        expect(destroyedSources).toEqual(['"p1"', '"other"']);
      });

      it('drops the last chunk res.end is given after a 304 or 412 answered its first write', async () => {
        const failed = await fetch(`${base}/streamed-then-ended`, { headers: { 'If-Match': '"other"' } });
        expect(failed.status).toBe(412);
        expect(failed.headers.get('etag')).toBe('"s3"');
        expect((await failed.json()).status).toBe(412);
        const revalidated = await fetch(`${base}/streamed-then-ended`, {
          headers: { 'If-None-Match': '"s3"' },
        });
        expect(revalidated.status).toBe(304);
        expect(await revalidated.text()).toBe('');
        const whole = await fetch(`${base}/streamed-then-ended`);
        expect(whole.status).toBe(200);
        expect(await whole.text()).toBe('streamed');
        expect(responseErrors).toEqual([]);
      });
    });

    describe('how precond takes the writes over', () => {
      const page = 'a page served from a sub-app, long enough to be worth compressing. '.repeat(8);
      const tag = generateEntityTag(Buffer.from(page));
      let other = '';
      let closeOthers: () => Promise<void>;

      beforeAll(async () => {
        // A sub-app's routes, answered after the fact by the preconditions() of the app it is
        // mounted in, with and without compression() before precond; and an app without precond.
        const sub = createApp();
        sub.get('/page', (_req, res) => void res.type('text/plain').send(page));
        const app = createApp();
        app.use('/zipped', compression({ threshold: 0 }));
        // The README's advice for a 304 behind compression(): the Vary its 200 has, set on every response.
        app.use('/varied', compression({ threshold: 0 }), (_req, res, next) => {
          res.vary('Accept-Encoding');
          next();
        });
        app.use(preconditions());
        app.use('/varied/sub', sub);
        app.use('/sub', sub);
        app.use('/zipped/sub', sub);
        app.get('/bytes', (_req, res) => void res.send(new TextEncoder().encode(page)));
        app.use('/late', compression({ threshold: 0 }));
        app.get('/late/page', (_req, res) => void res.type('text/plain').send(page));
        app.get(
          '/zipped/missing',
          preconditions({ loadValidators: () => ({ exists: true, etag: '"z1"' }) }),
          (_req, res) => void res.status(404).type('text/plain').send(page),
        );
        app.get('/zipped/stream', (_req, res) => {
          res.type('text/plain').set('ETag', '"s2"');
          res.write(page.slice(0, 10));
          res.end(page.slice(10));
        });
        const plain = createApp();
        plain.get('/page', (_req, res) => void res.type('text/plain').send(page));
        const servers = [app.listen(0, '127.0.0.1'), plain.listen(0, '127.0.0.1')];
        await Promise.all(
          servers.map((server) => new Promise((resolve) => server.once('listening', resolve))),
        );
        const [withPrecond, withoutPrecond] = servers.map(
          (server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        );
        base = withPrecond as string;
        other = withoutPrecond as string;
        closeOthers = async () => {
          await Promise.all(
            servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
          );
        };
      });
      afterAll(() => closeOthers());

      /** The status, fields and (gunzipped) body of a GET sent with node:http, which decompresses nothing. */
      function exchange(url: string, headers: Record<string, string>) {
        return new Promise<{ status: number | undefined; headers: Record<string, unknown>; body: string }>(
          (resolve, reject) => {
            request(url, { headers }, (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (chunk: Buffer) => chunks.push(chunk));
              res.on('end', () => {
                const bytes = Buffer.concat(chunks);
                const gzip = res.headers['content-encoding'] === 'gzip';
                resolve({
                  status: res.statusCode,
                  headers: res.headers,
                  body: (gzip ? gunzipSync(bytes) : bytes).toString(),
                });
              });
            })
              .on('error', reject)
              .end();
          },
        );
      }

      it("answers a mounted sub-app's routes after the fact, tagging the bytes before compression() zips them", async () => {
        for (const [path, encoding] of [
          ['/sub/page', undefined],
          ['/zipped/sub/page', 'gzip'],
        ] as const) {
          const whole = await exchange(`${base}${path}`, { 'Accept-Encoding': 'gzip' });
          expect(whole.status).toBe(200);
          expect(whole.headers['content-encoding']).toBe(encoding);
          expect(whole.headers.etag).toBe(tag);
          expect(whole.body).toBe(page);
          const revalidated = await exchange(`${base}${path}`, {
            'Accept-Encoding': 'gzip',
            'If-None-Match': tag,
          });
          expect(revalidated.status).toBe(304);
          expect(revalidated.body).toBe('');
          expect((await exchange(`${base}${path}`, { 'If-Match': '"other"' })).status).toBe(412);
        }
      });

      it('repeats on a 304 behind compression() the Vary the app sets on every response (RFC 9110 §15.4.5)', async () => {
        const whole = await exchange(`${base}/varied/sub/page`, { 'Accept-Encoding': 'gzip' });
        expect(whole.headers['content-encoding']).toBe('gzip');
        expect(whole.headers.vary).toBe('Accept-Encoding');
        const revalidated = await exchange(`${base}/varied/sub/page`, {
          'Accept-Encoding': 'gzip',
          'If-None-Match': tag,
        });
        expect(revalidated.status).toBe(304);
        expect(revalidated.headers.vary).toBe('Accept-Encoding');
      });

      it('withdraws validator-first fields from a 404 behind compression(), which wraps writeHead on res', async () => {
        const res = await exchange(`${base}/zipped/missing`, { 'Accept-Encoding': 'gzip' });
        expect(res.status).toBe(404);
        expect(res.headers['content-encoding']).toBe('gzip');
        expect(res.headers.etag).toBeUndefined();
        expect(res.body).toBe(page);
      });

      it('evaluates a streamed body on its first write, behind compression() too', async () => {
        const whole = await exchange(`${base}/zipped/stream`, { 'Accept-Encoding': 'gzip' });
        expect(whole.status).toBe(200);
        expect(whole.body).toBe(page);
        expect(whole.headers.etag).toBe('"s2"');
        expect(
          (await exchange(`${base}/zipped/stream`, { 'Accept-Encoding': 'gzip', 'If-None-Match': '"s2"' }))
            .status,
        ).toBe(304);
        expect((await exchange(`${base}/zipped/stream`, { 'If-Match': '"other"' })).status).toBe(412);
      });

      it('never sends its stand-in for an ETag when compression() after precond sends the fields first', async () => {
        // compression() sends the fields before precond sees the body: Express's weak tag goes out.
        for (const headers of [{}, { 'Accept-Encoding': 'gzip' }]) {
          const whole = await exchange(`${base}/late/page`, headers);
          expect(whole.status).toBe(200);
          expect(whole.headers.etag).toMatch(/^W\//);
          expect(whole.body).toBe(page);
        }
      });

      it('tags bytes that are no Buffer (sent again as JSON by Express), never with its stand-in', async () => {
        const whole = await exchange(`${base}/bytes`, {});
        expect(whole.status).toBe(200);
        expect(whole.headers.etag).toBe(generateEntityTag(Buffer.from(whole.body)));
        const guessed = await exchange(`${base}/bytes`, { 'If-None-Match': '"precond-untagged"' });
        expect(guessed.status).toBe(200);
      });

      it("still calls Node's end as patched after precond took a response over (an APM agent, a spy)", async () => {
        await exchange(`${base}/sub/page`, {});
        const end = vi.spyOn(ServerResponse.prototype, 'end');
        try {
          await exchange(`${other}/page`, {});
          await exchange(`${base}/sub/page`, {});
          expect(end.mock.calls.length).toBeGreaterThanOrEqual(2);
        } finally {
          end.mockRestore();
        }
      });

      it("leaves an app without precond to Express's own etag setting and req.fresh", async () => {
        const whole = await exchange(`${other}/page`, {});
        expect(whole.headers.etag).toMatch(/^W\//);
        expect(whole.body).toBe(page);
        expect(
          (await exchange(`${other}/page`, { 'If-None-Match': String(whole.headers.etag) })).status,
        ).toBe(304);
        expect((await exchange(`${other}/page`, { 'If-Match': '"other"' })).status).toBe(200);
      });
    });
  });
}

describe("Express 4's res.send(status, body)", () => {
  it('sends the body, on an app with precond and on one without, once precond has taken responses over', async () => {
    const withPrecond = express4();
    withPrecond.get('/tagged', preconditions(), (_req, res) => void res.send('tagged'));
    withPrecond.get(
      '/created',
      preconditions(),
      (_req, res) => void Reflect.apply(res.send, res, [201, 'made']),
    );
    const plain = express4();
    plain.get('/created', (_req, res) => void Reflect.apply(res.send, res, [201, 'created']));
    const servers = [withPrecond.listen(0, '127.0.0.1'), plain.listen(0, '127.0.0.1')];
    try {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.once('listening', resolve))));
      const [a, b] = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      expect((await fetch(`${a}/tagged`)).headers.get('etag')).toBe(generateEntityTag('tagged'));
      for (const [url, body] of [
        [`${a}/created`, 'made'],
        [`${b}/created`, 'created'],
      ] as const) {
        const res = await fetch(url);
        expect(res.status).toBe(201);
        expect(await res.text()).toBe(body);
      }
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});

describe("the send module's own checks behind res.sendFile", () => {
  const file = fileURLToPath(new URL('../package.json', import.meta.url));
  let base = '';
  let server: Server;
  beforeAll(async () => {
    const app = express();
    app.get(
      '/file',
      preconditions({
        loadValidators: () => ({
          exists: true,
          etag: 'W/"f1"',
          lastModified: new Date('2026-01-01T00:00:00Z'),
        }),
      }),
      (_req, res) => res.sendFile(file),
    );
    app.get('/after', preconditions(), (_req, res) => res.sendFile(file));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends the whole file when If-Range is a weak tag, which send would cut a range for (RFC 9110 §13.1.5)', async () => {
    const res = await fetch(`${base}/file`, { headers: { Range: 'bytes=0-4', 'If-Range': 'W/"f1"' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBeNull();
    expect(await res.text()).toBe(readFileSync(file, 'utf8'));
  });

  // Through node:http, which sends no field of its own (send answers no 304 to a `Cache-Control: no-cache`).
  const statusOf = (url: string, headers: Record<string, string>) =>
    new Promise<number | undefined>((resolve, reject) => {
      request(url, { headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      })
        .on('error', reject)
        .end();
    });

  it.each([
    ['an ISO 8601 timestamp', '2099-01-01T00:00:00Z'],
    ['a date later than now', 'Tue, 02 Jan 2099 00:00:00 GMT'],
  ])("sends the file, not send's 304, to an If-Modified-Since that is %s", async (_, date) => {
    for (const path of ['/file', '/after']) {
      expect(await statusOf(`${base}${path}`, { 'If-Modified-Since': date })).toBe(200);
    }
    // A date core reads still gets the 304.
    expect(await statusOf(`${base}/file`, { 'If-Modified-Since': 'Fri, 02 Jan 2026 00:00:00 GMT' })).toBe(
      304,
    );
  });
});
