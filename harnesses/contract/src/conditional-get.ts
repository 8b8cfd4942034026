/**
 * Topic `conditional-get`: If-None-Match on GET and HEAD (RFC 9110 §13.1.2) — weak comparison, a
 * match answers 304 with the validators and Cache-Control but no content (§15.4.5).
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Versioned } from './fixtures.js';
import {
  expectNoBody,
  expectNoCache,
  expectNotModified,
  expectStatus,
  jsonBody,
  mediaType,
  validatorsOf,
} from './fixtures.js';
import { sendLines } from './raw-request.js';

/** Registers the conditional GET cases. */
export function describeConditionalGet(api: Api): void {
  function get(
    method: 'GET' | 'HEAD',
    article: Versioned<Article>,
    headers: Record<string, string>,
  ): Promise<Response> {
    return api.send(method, `/api/articles/${article.value.id}`, { headers });
  }

  describe('conditional GET (If-None-Match)', () => {
    for (const method of ['GET', 'HEAD'] as const) {
      describe(method, () => {
        it('304 with ETag, Last-Modified and Cache-Control but no content when If-None-Match carries the current tag', async () => {
          const article = await api.createArticle();
          await expectNotModified(await get(method, article, { 'if-none-match': article.etag }), article);
        });

        it('304 when an If-None-Match list contains the current tag', async () => {
          const article = await api.createArticle();
          const res = await get(method, article, { 'if-none-match': `"other", ${article.etag}, W/"more"` });
          await expectNotModified(res, article);
        });

        it('304 when If-None-Match carries the weak form of the current tag (weak comparison)', async () => {
          const article = await api.createArticle();
          await expectNotModified(
            await get(method, article, { 'if-none-match': `W/${article.etag}` }),
            article,
          );
        });

        it('304 when If-None-Match is * and the article exists', async () => {
          const article = await api.createArticle();
          await expectNotModified(await get(method, article, { 'if-none-match': '*' }), article);
        });

        it('304 even when the request carries Cache-Control: no-cache', async () => {
          const article = await api.createArticle();
          const res = await get(method, article, {
            'if-none-match': article.etag,
            'cache-control': 'no-cache',
            pragma: 'no-cache',
          });
          await expectNotModified(res, article);
        });
      });
    }

    it('GET answers 200 with the article when If-None-Match does not match', async () => {
      const article = await api.createArticle();
      const res = await get('GET', article, { 'if-none-match': '"something-else", W/"another"' });
      await expectStatus(res, 200);
      expectNoCache(res);
      expect(validatorsOf(res)).toEqual({ etag: article.etag, lastModified: article.lastModified });
      expect(await jsonBody<Article>(res)).toEqual(article.value);
    });

    it('GET answers 200 with the new version when If-None-Match carries the tag from before a write', async () => {
      const created = await api.createArticle();
      const patched = await api.patchArticle(created.value.id, created.etag, { title: 'Changed' });
      const res = await get('GET', created, { 'if-none-match': created.etag });
      await expectStatus(res, 200);
      expect({ value: await jsonBody<Article>(res), ...validatorsOf(res) }).toEqual(patched);
    });

    it('GET answers 304 when the current tag ends a long If-None-Match list', async () => {
      const article = await api.createArticle();
      const others = Array.from({ length: 1000 }, (_, i) => `"t${i}"`).join(', ');
      const res = await get('GET', article, { 'if-none-match': `${others}, ${article.etag}` });
      await expectNotModified(res, article);
    });

    it('HEAD answers the same status and fields as GET, without a body', async () => {
      const article = await api.createArticle();
      const getRes = await get('GET', article, {});
      const headRes = await get('HEAD', article, {});
      await expectStatus(getRes, 200);
      await expectStatus(headRes, 200);
      for (const name of ['etag', 'last-modified', 'cache-control']) {
        expect(headRes.headers.get(name), name).toBe(getRes.headers.get(name));
      }
      expect(mediaType(headRes)).toBe(mediaType(getRes));
      const getBytes = (await getRes.arrayBuffer()).byteLength;
      const headLength = headRes.headers.get('content-length');
      if (headLength !== null) expect(Number(headLength)).toBe(getBytes);
      await expectNoBody(headRes);
    });

    // RFC 9112 §3.2.2: a server MUST accept the absolute-form of the request target, which
    // HTTP/1.1 clients send to proxies, and a proxy may pass on as it is.
    it('GET with an absolute-form request target answers as with the path: 304, or 200 with the article', async () => {
      const article = await api.createArticle();
      const target = api.url(`/api/articles/${article.value.id}`);
      const notModified = await sendLines(api.url(''), 'GET', target, [['If-None-Match', article.etag]]);
      expect(notModified.status).toBe(304);
      expect(notModified.fields.etag).toBe(article.etag);
      const modified = await sendLines(api.url(''), 'GET', target, [['If-None-Match', '"other"']]);
      expect(modified.status).toBe(200);
      expect(modified.fields.etag).toBe(article.etag);
    });

    it('users and sessions answer 304 to GET with If-None-Match of the current tag', async () => {
      const user = await api.createUser();
      await expectNotModified(
        await api.send('GET', `/api/users/${user.value.name}`, { headers: { 'if-none-match': user.etag } }),
        user,
      );
      const session = await api.createSession();
      await expectNotModified(
        await api.send('GET', `/api/sessions/${session.value.id}`, {
          headers: { 'if-none-match': session.etag },
        }),
        session,
      );
    });
  });
}
