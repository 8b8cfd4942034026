/**
 * After the fact: a GET/HEAD route without validators gets a strong ETag hashed from the buffered
 * 200 it answers, then a 304 or 412 when the request's conditions say so (RFC 9110 §13.2.2). Any 2xx
 * is evaluated (§13.2.1), a 206 the handler cut and an untagged or streamed 200 too: a current
 * representation answers `If-None-Match: *` with 304 and an `If-Match` naming a tag with 412. A
 * streamed body is never tagged; an error and the validators the handler set are left as they are.
 *
 * @module
 */

import { generateEntityTag } from '@precond/core/etag';
import { generateEntityTag as generateWebEntityTag } from '@precond/core/etag-web';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

const LAST_MODIFIED = new Date('2026-01-02T03:04:05Z');
const JSON_BODY = Object.freeze({ n: 1, list: [1, 2, 3], note: 'é' });
/** What a strong tag hashed by precond looks like: 20 bytes of SHA-1, base64url. */
const GENERATED = /^"[A-Za-z0-9_-]{27}"$/;

/** Registers the after-the-fact cases against `target`. */
export function describeAfterTheFact(target: AdapterTarget): void {
  const text = (body: string) => ({ methods: ['GET'], handle: () => ({ body }) });
  const { send } = serveRoutes(target, {
    '/plain': {
      methods: ['GET'],
      handle: () => ({
        headers: [
          ['cache-control', 'no-cache'],
          ['set-cookie', 'a=b'],
          ['set-cookie', 'c=d'],
        ],
        body: 'plain text body',
      }),
    },
    '/cors': {
      methods: ['GET'],
      handle: () => ({
        headers: [
          ['access-control-allow-origin', 'https://app.example'],
          ['set-cookie', 'session=1'],
          ['set-cookie', 'theme=dark'],
          ['cache-control', 'max-age=60'],
          ['expires', 'Thu, 01 Jan 2026 00:00:00 GMT'],
          ['content-language', 'en'],
          ['x-request-id', 'abc'],
        ],
        body: 'with fields about the response',
      }),
    },
    '/json': { methods: ['GET'], handle: () => ({ body: JSON_BODY }) },
    '/stream': {
      methods: ['GET'],
      handle: () => ({ headers: [['content-type', 'text/plain']], body: { stream: ['streamed ', 'body'] } }),
    },
    '/stream-tagged': {
      methods: ['GET'],
      handle: () => ({
        headers: [
          ['content-type', 'text/plain'],
          ['etag', '"s1"'],
        ],
        body: { stream: ['streamed ', 'body'] },
      }),
    },
    '/partial': {
      methods: ['GET'],
      handle: () => ({
        status: 206,
        headers: [
          ['content-type', 'text/plain'],
          ['content-range', 'bytes 0-4/10'],
          ['etag', '"p1"'],
        ],
        body: 'abcde',
      }),
    },
    '/tagged': {
      methods: ['GET'],
      handle: () => ({
        headers: [
          ['etag', 'W/"own"'],
          ['last-modified', LAST_MODIFIED.toUTCString()],
        ],
        body: 'has its own tag',
      }),
    },
    // A 304 the handler answered itself, as a framework's own freshness check (Koa's `ctx.fresh`,
    // Express's `send`, an etag middleware) does on If-None-Match or If-Modified-Since alone.
    '/own-not-modified': {
      methods: ['GET'],
      handle: () => ({
        status: 304,
        headers: [
          ['etag', '"own"'],
          ['last-modified', LAST_MODIFIED.toUTCString()],
        ],
      }),
    },
    '/error': { methods: ['GET'], handle: () => ({ status: 500, body: 'failure' }) },
    '/weak': { ...text('weakly tagged'), options: { etagGeneration: 'weak' } },
    '/untagged': { ...text('no tag'), options: { etagGeneration: false } },
  });
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    send(path, { method, headers });

  describe('after the fact', () => {
    it('adds a strong ETag to a buffered 200 and answers 304 when it is sent back', async () => {
      const first = await get('/plain');
      const etag = first.headers.get('etag');
      expect(etag).toMatch(GENERATED);
      expect(await first.text()).toBe('plain text body');
      const second = await get('/plain', { 'If-None-Match': etag as string });
      expect(second.status).toBe(304);
      expect(second.headers.get('etag')).toBe(etag);
      expect(second.headers.get('cache-control')).toBe('no-cache');
      expect(second.headers.getSetCookie()).toEqual(['a=b', 'c=d']);
      expect(second.headers.get('content-type')).toBeNull();
      expect(second.headers.get('content-length')).toBeNull();
      expect(await second.text()).toBe('');
    });

    it.each([
      ['a stale If-Match', { 'If-Match': '"stale"', 'If-None-Match': '"own"' }],
      [
        'an If-Unmodified-Since before its Last-Modified',
        { 'If-Unmodified-Since': new Date(LAST_MODIFIED.getTime() - 1000).toUTCString() },
      ],
    ])("answers 412 in place of the handler's own 304 on %s (RFC 9110 §13.2.2)", async (_, headers) => {
      const res = await get('/own-not-modified', headers);
      expect(res.status).toBe(412);
      expect(res.headers.get('etag')).toBe('"own"');
      expect(((await res.json()) as { status: number }).status).toBe(412);
    });

    it("lets the handler's own 304 stand when the preconditions it does not check hold", async () => {
      const res = await get('/own-not-modified', { 'If-Match': '"own"', 'If-None-Match': '"own"' });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe('"own"');
      expect(await res.text()).toBe('');
    });

    it('hashes exactly the bytes it sends, with the same tag from the Node and the Web Crypto generator', async () => {
      const res = await get('/json');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(JSON_BODY);
      expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
      expect(res.headers.get('etag')).toBe(generateEntityTag(bytes));
      expect(res.headers.get('etag')).toBe(await generateWebEntityTag(bytes));
    });

    it('answers HEAD like GET, 304 included', async () => {
      const etag = (await get('/json')).headers.get('etag') as string;
      const head = await get('/json', {}, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers.get('etag')).toBe(etag);
      const conditional = await get('/json', { 'If-None-Match': etag }, 'HEAD');
      expect(conditional.status).toBe(304);
      // RFC 9110 §8.6: a Content-Length on a 304 or a HEAD response is the 200's, or absent; never 0.
      expect(conditional.headers.get('content-length')).toBeNull();
      expect(conditional.headers.get('content-type')).toBeNull();
    });

    it('412 for a GET whose If-Match does not match', async () => {
      const res = await get('/plain', { 'If-Match': '"nope"' });
      expect(res.status).toBe(412);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('etag')).toMatch(GENERATED);
    });

    it('answers HEAD with the same 412 fields and no body', async () => {
      const res = await get('/plain', { 'If-Match': '"nope"' }, 'HEAD');
      expect(res.status).toBe(412);
      expect(res.headers.get('etag')).toMatch(GENERATED);
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
      expect(res.headers.getSetCookie()).toEqual(['session=1', 'theme=dark']);
      expect(res.headers.get('x-request-id')).toBe('abc');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('expires')).toBeNull();
      expect(res.headers.get('content-language')).toBeNull();
      expect(res.headers.get('etag')).toBe(etag);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ status: 412, etag });
      // The 200's Content-Length never reaches the problem body: none, or the problem body's own.
      expect([null, String(Buffer.byteLength(body))]).toContain(res.headers.get('content-length'));
    });

    it('leaves a streamed body untagged and whole', async () => {
      const res = await get('/stream');
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBeNull();
      expect(await res.text()).toBe('streamed body');
    });

    it('evaluates an untagged streamed 200 as a current representation (RFC 9110 §13.1.1, §13.1.2)', async () => {
      const any = await get('/stream', { 'If-None-Match': '*' });
      expect(any.status).toBe(304);
      expect(await any.text()).toBe('');
      const stale = await get('/stream', { 'If-Match': '"x"' });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('content-type')).toBe('application/problem+json');
      await stale.arrayBuffer();
    });

    it('evaluates a streamed 200 against the ETag the handler set', async () => {
      const fresh = await get('/stream-tagged', { 'If-None-Match': '"s1"' });
      expect(fresh.status).toBe(304);
      expect(fresh.headers.get('etag')).toBe('"s1"');
      expect(await fresh.text()).toBe('');
      const stale = await get('/stream-tagged', { 'If-Match': '"other"' });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBe('"s1"');
      await stale.arrayBuffer();
      expect(await (await get('/stream-tagged')).text()).toBe('streamed body');
    });

    it('evaluates a 206 the handler cut itself, before its bytes go out (RFC 9110 §13.2.1)', async () => {
      const range = { Range: 'bytes=0-4' };
      const partial = await get('/partial', range);
      expect(partial.status).toBe(206);
      expect(await partial.text()).toBe('abcde');
      const stale = await get('/partial', { ...range, 'If-Match': '"other"' });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('content-range')).toBeNull();
      await stale.arrayBuffer();
      const fresh = await get('/partial', { ...range, 'If-None-Match': '"p1"' });
      expect(fresh.status).toBe(304);
      expect(fresh.headers.get('content-range')).toBeNull();
      expect(await fresh.text()).toBe('');
    });

    it('evaluates against the ETag and Last-Modified the handler set itself', async () => {
      const byTag = await get('/tagged', { 'If-None-Match': '"own"' });
      expect(byTag.status).toBe(304);
      expect(byTag.headers.get('etag')).toBe('W/"own"');
      const byDate = await get('/tagged', { 'If-Modified-Since': LAST_MODIFIED.toUTCString() });
      expect(byDate.status).toBe(304);
      expect((await get('/tagged')).headers.get('etag')).toBe('W/"own"');
    });

    it('generates a weak tag when asked, and none when turned off', async () => {
      expect((await get('/weak')).headers.get('etag')).toMatch(/^W\/"/);
      expect((await get('/untagged')).headers.get('etag')).toBeNull();
    });

    it('evaluates an untagged 200 all the same: * holds, a named tag cannot match', async () => {
      expect((await get('/untagged', { 'If-None-Match': '*' })).status).toBe(304);
      expect((await get('/untagged', { 'If-Match': '*' })).status).toBe(200);
      const stale = await get('/untagged', { 'If-Match': '"x"' });
      expect(stale.status).toBe(412);
      expect(stale.headers.get('etag')).toBeNull();
      await stale.arrayBuffer();
    });

    it('leaves error responses alone', async () => {
      const res = await get('/error', { 'If-None-Match': '*' });
      expect(res.status).toBe(500);
      expect(res.headers.get('etag')).toBeNull();
      expect(await res.text()).toBe('failure');
    });
  });
}
