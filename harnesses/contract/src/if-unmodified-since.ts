/**
 * Topic `if-unmodified-since`: If-Unmodified-Since on writes (RFC 9110 §13.1.4). Dates never run
 * ahead of the clock, so two writes in one second share a Last-Modified; the server knows which
 * versions share their second (API.md) and refuses a date that cannot tell them apart, so a date
 * guards a write as safely as a tag does, even when two writes fall in the same second.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Versioned } from './fixtures.js';
import {
  epochSeconds,
  expectNoBody,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  sleep,
} from './fixtures.js';

/** Waits until the clock is past the second an HTTP date names. */
async function sleepUntilSecondAfter(httpDate: string): Promise<void> {
  await sleep(Math.max(0, (epochSeconds(httpDate) + 1) * 1000 - Date.now()) + 20);
}

function secondsLater(httpDate: string, seconds: number): string {
  return new Date((epochSeconds(httpDate) + seconds) * 1000).toUTCString();
}

/** Registers the If-Unmodified-Since cases. */
export function describeIfUnmodifiedSince(api: Api): void {
  function remove(path: string, ifUnmodifiedSince: string): Promise<Response> {
    return api.send('DELETE', path, { headers: { 'if-unmodified-since': ifUnmodifiedSince } });
  }

  describe('If-Unmodified-Since', () => {
    it('DELETE /api/articles/:id answers 204 when If-Unmodified-Since equals Last-Modified', async () => {
      const article = await api.createArticle();
      const path = `/api/articles/${article.value.id}`;
      const res = await remove(path, article.lastModified);
      await expectStatus(res, 204);
      await expectNoBody(res);
      await api.expectAbsent(path);
    });

    it('DELETE /api/articles/:id answers 204 when If-Unmodified-Since is later than Last-Modified', async () => {
      const article = await api.createArticle();
      const path = `/api/articles/${article.value.id}`;
      await expectStatus(await remove(path, secondsLater(article.lastModified, 3600)), 204);
      await api.expectAbsent(path);
    });

    it('DELETE /api/articles/:id answers 412 when If-Unmodified-Since is before Last-Modified', async () => {
      const article = await api.createArticle();
      const res = await remove(`/api/articles/${article.value.id}`, secondsLater(article.lastModified, -1));
      await expectPreconditionFailed(res, article);
      await api.expectArticleUnchanged(article);
    });

    it('DELETE /api/articles/:id answers 412 with the current validators after a patch, even within the same second', async () => {
      const created = await api.createArticle();
      const current = await api.patchArticle(created.value.id, created.etag, { views: 1 });
      const res = await remove(`/api/articles/${created.value.id}`, created.lastModified);
      await expectPreconditionFailed(res, current);
      await api.expectArticleUnchanged(current);
    });

    it('PUT /api/articles/:id answers 200 when If-Unmodified-Since equals the Last-Modified of a new article', async () => {
      const created = await api.createArticle({ views: 0 });
      const put = await api.send('PUT', `/api/articles/${created.value.id}`, {
        headers: { 'if-unmodified-since': created.lastModified },
        json: { title: 'Put by date', body: 'b', views: 1 },
      });
      await expectStatus(put, 200);
      expect(await jsonBody<Article>(put)).toEqual({
        id: created.value.id,
        title: 'Put by date',
        body: 'b',
        views: 1,
      });
    });

    it('PATCH /api/articles/:id answers 200 when If-Unmodified-Since equals the Last-Modified of the only version in that second', async () => {
      const created = await api.createArticle({ views: 0 });
      // Write the next version in a later second than the first, so that its date is its own.
      await sleepUntilSecondAfter(created.lastModified);
      const patched = await api.patchArticle(created.value.id, created.etag, { views: 1 });
      expect(epochSeconds(patched.lastModified)).toBeGreaterThan(epochSeconds(created.lastModified));
      const res = await api.send('PATCH', `/api/articles/${created.value.id}`, {
        headers: { 'if-unmodified-since': patched.lastModified },
        json: { views: 2 },
      });
      await expectStatus(res, 200);
      expect(await jsonBody<Article>(res)).toEqual({ ...patched.value, views: 2 });
    });

    it('a date that names two versions guards nothing: 412 with the current ETag, which then writes', async () => {
      // Two writes a few milliseconds apart nearly always share a second; try until they do.
      let pair: { created: Versioned<Article>; patched: Versioned<Article> } | undefined;
      for (let attempt = 0; attempt < 20 && !pair; attempt++) {
        const created = await api.createArticle({ views: 0 });
        const patched = await api.patchArticle(created.value.id, created.etag, { views: 1 });
        if (patched.lastModified === created.lastModified) pair = { created, patched };
      }
      if (!pair) throw new Error('no two writes shared a second in 20 attempts');
      const { patched } = pair;
      const path = `/api/articles/${patched.value.id}`;
      for (const method of ['PATCH', 'DELETE'] as const) {
        const res = await api.send(method, path, {
          headers: { 'if-unmodified-since': patched.lastModified },
          ...(method === 'PATCH' ? { json: { views: 2 } } : {}),
        });
        await expectPreconditionFailed(res, patched);
      }
      await api.expectArticleUnchanged(patched);
      const retried = await api.patchArticle(patched.value.id, patched.etag, { views: 2 });
      expect(retried.value).toEqual({ ...patched.value, views: 2 });
    });

    it('closes the one-second hole: read, write, then a write carrying the read Last-Modified answers 412', async () => {
      const created = await api.createArticle({ title: 'Read me' });
      const read = await api.readArticle(created.value.id);
      const written = await api.patchArticle(created.value.id, read.etag, { title: 'Written meanwhile' });
      const res = await api.send('PUT', `/api/articles/${created.value.id}`, {
        headers: { 'if-unmodified-since': read.lastModified },
        json: { title: 'Lost update', body: 'Lost update' },
      });
      await expectPreconditionFailed(res, written);
      await api.expectArticleUnchanged(written);
    });

    it('is not evaluated when If-Match is present: a current If-Match with a stale date answers 200', async () => {
      const created = await api.createArticle({ views: 0 });
      const stale = secondsLater(created.lastModified, -60);
      const res = await api.send('PATCH', `/api/articles/${created.value.id}`, {
        headers: { 'if-match': created.etag, 'if-unmodified-since': stale },
        json: { views: 1 },
      });
      await expectStatus(res, 200);
      expect(await jsonBody<Article>(res)).toEqual({ ...created.value, views: 1 });
    });

    it('DELETE /api/sessions/:id answers 204 when If-Unmodified-Since equals Last-Modified', async () => {
      const session = await api.createSession();
      const path = `/api/sessions/${session.value.id}`;
      const res = await remove(path, session.lastModified);
      await expectStatus(res, 204);
      await expectNoBody(res);
      await api.expectAbsent(path);
    });

    it('DELETE /api/sessions/:id answers 412 with the current validators after a touch, even within the same second', async () => {
      const created = await api.createSession();
      const touched = await api.touchSession(created.value.id);
      const res = await remove(`/api/sessions/${created.value.id}`, created.lastModified);
      await expectPreconditionFailed(res, touched);
      expect(await api.readSession(created.value.id)).toEqual(touched);
    });
  });
}
