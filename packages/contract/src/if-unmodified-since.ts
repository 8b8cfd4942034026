/**
 * Topic `if-unmodified-since`: If-Unmodified-Since on writes (RFC 9110 §13.1.4). Because every
 * write moves Last-Modified strictly later (API.md), a date guards a write as well as a tag does,
 * even when two writes fall in the same second.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article } from './fixtures.js';
import {
  epochSeconds,
  expectNoBody,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  validatorsOf,
} from './fixtures.js';

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

    it('PUT and PATCH /api/articles/:id answer 200 when If-Unmodified-Since equals Last-Modified', async () => {
      const created = await api.createArticle({ views: 0 });
      const put = await api.send('PUT', `/api/articles/${created.value.id}`, {
        headers: { 'if-unmodified-since': created.lastModified },
        json: { title: 'Put by date', body: 'b', views: 1 },
      });
      await expectStatus(put, 200);
      const replaced = { value: await jsonBody<Article>(put), ...validatorsOf(put) };
      expect(replaced.value).toEqual({ id: created.value.id, title: 'Put by date', body: 'b', views: 1 });
      const patch = await api.send('PATCH', `/api/articles/${created.value.id}`, {
        headers: { 'if-unmodified-since': replaced.lastModified },
        json: { views: 2 },
      });
      await expectStatus(patch, 200);
      expect(await jsonBody<Article>(patch)).toEqual({ ...replaced.value, views: 2 });
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
