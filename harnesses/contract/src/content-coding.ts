/**
 * Topic `content-coding`: what a framework's compression (as it ships by default) may not break.
 * A 304 carries the Cache-Control, Content-Location, Date, ETag, Expires and Vary its 200 would
 * (RFC 9110 §15.4.5), with and without a browser's `Accept-Encoding`; a content-coded body has a
 * strong ETag of its own (§8.8.3), and the tag a client received revalidates, writes with If-Match
 * while current, and never lets If-Range splice one coding's bytes onto another's; a HEAD carries no
 * `Content-Length` but the one its GET's coded content has (§8.6); a 206 carries the `Vary` its 200
 * would (§15.3.7).
 *
 * @module
 */

import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Api, Article, Versioned } from './fixtures.js';
import { expectStatus, problem } from './fixtures.js';

/** What Chromium sends: every app that compresses does so for this request. */
const BROWSER = 'gzip, deflate, br';
const LARGE_BODY = 'A body long enough to be worth compressing. '.repeat(60); // 2700 bytes
const REPEATED_FIELDS = ['cache-control', 'content-location', 'etag', 'expires', 'vary'] as const;

/**
 * The bytes of a GET's content exactly as sent, content coding and all (`fetch` would decode them),
 * and its `Content-Length`, if any.
 */
function rawGet(
  url: string,
  acceptEncoding: string,
): Promise<{ bytes: number; contentLength: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
      });
      res.on('end', () => resolve({ bytes, contentLength: res.headers['content-length'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Registers the content-coding cases. */
export function describeContentCoding(api: Api): void {
  const get = (path: string, acceptEncoding: string, headers: Record<string, string> = {}) =>
    api.send('GET', path, { headers: { 'accept-encoding': acceptEncoding, ...headers } });
  const articlePath = (article: Versioned<Article>) => `/api/articles/${article.value.id}`;

  describe('content coding', () => {
    for (const [size, body] of [
      ['over 1 KiB', LARGE_BODY],
      ['short', 'Short.'],
    ] as const) {
      for (const acceptEncoding of [BROWSER, 'identity']) {
        it(`a 304 repeats the fields of its 200 (${size} article, Accept-Encoding: ${acceptEncoding})`, async () => {
          const article = await api.createArticle({ body });
          const ok = await get(articlePath(article), acceptEncoding);
          await expectStatus(ok, 200);
          await ok.arrayBuffer();
          const etag = ok.headers.get('etag') as string;
          const notModified = await get(articlePath(article), acceptEncoding, { 'if-none-match': etag });
          await expectStatus(notModified, 304);
          for (const name of REPEATED_FIELDS) {
            expect(notModified.headers.get(name), name).toBe(ok.headers.get(name));
          }
          expect(ok.headers.get('date')).not.toBeNull();
          expect(notModified.headers.get('date')).not.toBeNull();
        });
      }
    }

    it('a content-coded body has a strong ETag of its own, and the identity body keeps the stored one', async () => {
      const article = await api.createArticle({ body: LARGE_BODY });
      const identity = await get(articlePath(article), 'identity');
      const coded = await get(articlePath(article), BROWSER);
      expect(identity.headers.get('content-encoding')).toBeNull();
      expect(identity.headers.get('etag')).toBe(article.etag);
      expect(await coded.json()).toEqual(await identity.json());
      const codedTag = coded.headers.get('etag');
      expect(codedTag).toMatch(/^"/);
      if (coded.headers.get('content-encoding') === null) expect(codedTag).toBe(article.etag);
      else expect(codedTag).not.toBe(article.etag);
    });

    it('the tag of the coded body revalidates that body only, and writes with If-Match while current, then 412', async () => {
      const article = await api.createArticle({ body: LARGE_BODY });
      const coded = await get(articlePath(article), BROWSER);
      await coded.arrayBuffer();
      const received = coded.headers.get('etag') as string;
      await expectStatus(await get(articlePath(article), BROWSER, { 'if-none-match': received }), 304);
      // If-None-Match compares with the representation this response selects (RFC 9110 §13.1.2): the
      // identity body is another one when the server codes (§8.8.3), so a cache holding the coded body
      // that asks for the identity one is sent it, not a 304 it would answer with coded bytes.
      const identity = await get(articlePath(article), 'identity', { 'if-none-match': received });
      if (received === article.etag) await expectStatus(identity, 304);
      else {
        await expectStatus(identity, 200);
        expect(identity.headers.get('etag')).toBe(article.etag);
        expect(identity.headers.get('content-encoding')).toBeNull();
        expect((await identity.json()).body).toBe(LARGE_BODY);
      }
      await expectStatus(await get(articlePath(article), 'identity', { 'if-none-match': article.etag }), 304);
      const write = () =>
        api.send('PATCH', articlePath(article), {
          headers: {
            'if-match': received,
            'content-type': 'application/merge-patch+json',
            'accept-encoding': BROWSER,
          },
          body: JSON.stringify({ title: 'Edited with the tag it was sent' }),
        });
      const first = await write();
      await expectStatus(first, 200);
      expect((await first.json()).title).toBe('Edited with the tag it was sent');
      await problem(await write(), 412);
    });

    it('a write whose If-None-Match names the current version in any coding is refused (412), whatever its Accept-Encoding', async () => {
      const article = await api.createArticle({ body: LARGE_BODY });
      const coded = await get(articlePath(article), BROWSER);
      await coded.arrayBuffer();
      const received = coded.headers.get('etag') as string;
      for (const [tag, acceptEncoding] of [
        [received, 'identity'],
        [received, BROWSER],
        [article.etag, BROWSER],
      ] as const) {
        const write = await api.send('PATCH', articlePath(article), {
          headers: {
            'if-none-match': tag,
            'content-type': 'application/merge-patch+json',
            'accept-encoding': acceptEncoding,
          },
          body: JSON.stringify({ title: 'Must not be written' }),
        });
        await problem(write, 412);
      }
      await api.expectArticleUnchanged(await api.readArticle(article.value.id));
      expect((await api.readArticle(article.value.id)).value.title).toBe(article.value.title);
    });

    // RFC 9110 §8.6: a HEAD's Content-Length, when sent, is the length of the content its GET would
    // send: the coded body's, not the identity body's (curl -I --compressed, a download manager
    // sizing a file before it fetches it).
    for (const route of ['/api/articles/:id', '/api/articles/:id/body']) {
      it(`HEAD ${route} with a browser's Accept-Encoding carries no Content-Length but its GET's`, async () => {
        const article = await api.createArticle({ body: LARGE_BODY });
        const path = route.replace(':id', article.value.id);
        const head = await api.send('HEAD', path, { headers: { 'accept-encoding': BROWSER } });
        await expectStatus(head, 200);
        const get = await rawGet(api.url(path), BROWSER);
        if (get.contentLength !== undefined) expect(Number(get.contentLength)).toBe(get.bytes);
        const length = head.headers.get('content-length');
        if (length !== null) expect(Number(length), `HEAD's Content-Length`).toBe(get.bytes);
      });
    }

    // RFC 9110 §15.3.7: a 206 carries the Vary (and the other fields) the 200 to the same request would.
    it('a 206 carries the Vary its 200 carries, whatever the coding asked for', async () => {
      const members = (res: Response) =>
        (res.headers.get('vary') ?? '')
          .split(',')
          .map((member) => member.trim().toLowerCase())
          .filter((member) => member !== '')
          .sort();
      for (const body of [LARGE_BODY, 'Short.']) {
        const article = await api.createArticle({ body });
        const bodyPath = `${articlePath(article)}/body`;
        for (const acceptEncoding of [BROWSER, 'identity']) {
          const whole = await get(bodyPath, acceptEncoding);
          await expectStatus(whole, 200);
          await whole.arrayBuffer();
          const part = await get(bodyPath, acceptEncoding, { range: 'bytes=0-4' });
          await expectStatus(part, 206);
          await part.arrayBuffer();
          expect(members(part), `${body.length} bytes, ${acceptEncoding}`).toEqual(members(whole));
        }
      }
    });

    it('If-Range with the tag of another coding gets the full 200, and a 206 is never content-coded', async () => {
      const article = await api.createArticle({ body: LARGE_BODY });
      const bodyPath = `${articlePath(article)}/body`;
      const coded = await get(bodyPath, BROWSER);
      await coded.arrayBuffer();
      const codedTag = coded.headers.get('etag') as string;
      const range = { range: 'bytes=0-1199' };
      if (codedTag !== article.etag) {
        const full = await get(bodyPath, 'identity', { ...range, 'if-range': codedTag });
        await expectStatus(full, 200);
        expect(await full.text()).toBe(LARGE_BODY);
      }
      const part = await get(bodyPath, BROWSER, { ...range, 'if-range': article.etag });
      expect([200, 206]).toContain(part.status);
      if (part.status === 206) {
        expect(part.headers.get('content-encoding')).toBeNull();
        expect(part.headers.get('etag')).toBe(article.etag);
        expect(await part.text()).toBe(LARGE_BODY.slice(0, 1200));
      } else {
        expect(await part.text()).toBe(LARGE_BODY);
      }
    });
  });
}
