/**
 * Topic `safe-create`: `PUT` with `If-None-Match: *` creates a resource only when none exists
 * (RFC 9110 §13.1.2), so two clients can never both believe they created it.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, ArticleInput, User, Versioned } from './fixtures.js';
import {
  expectLocation,
  expectNoBody,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  transformedPutBody,
  uniqueId,
  validatorsOf,
} from './fixtures.js';

/** Registers the safe-create cases. */
export function describeSafeCreate(api: Api): void {
  function putArticle(id: string, json: unknown): Promise<Response> {
    return api.send('PUT', `/api/articles/${id}`, { headers: { 'if-none-match': '*' }, json });
  }

  /**
   * Creates the article `id` with `first`, deletes it and creates it again with `again`: the deleted
   * version's validators, and the recreated article as read back.
   */
  async function recreateArticle(
    id: string,
    first: ArticleInput,
    again: ArticleInput,
  ): Promise<{ deleted: Omit<Versioned<never>, 'value'>; current: Versioned<Article> }> {
    // The article's own JSON, byte for byte: only then does the PUT answer carry its validators.
    const created = await putArticle(id, {
      id,
      title: first.title,
      body: first.body,
      views: first.views ?? 0,
    });
    await expectStatus(created, 201);
    const deleted = validatorsOf(created);
    await created.arrayBuffer();
    await expectStatus(
      await api.send('DELETE', `/api/articles/${id}`, { headers: { 'if-match': deleted.etag } }),
      204,
    );
    await expectStatus(await putArticle(id, again), 201);
    return { deleted, current: await api.readArticle(id) };
  }

  describe('safe create (If-None-Match: *)', () => {
    it('PUT /api/articles/:id creates an absent article: 201, Location, and no validators for content that is not the article', async () => {
      const id = uniqueId('put');
      const res = await putArticle(id, { title: 'Created by PUT', body: 'Hello', views: 2 });
      const value = await transformedPutBody<Article>(res, api, `/api/articles/${id}`, 201);
      expectLocation(res, api, `/api/articles/${id}`);
      expect(value).toEqual({ id, title: 'Created by PUT', body: 'Hello', views: 2 });
      expect((await api.readArticle(id)).value).toEqual(value);
    });

    it('PUT /api/articles/:id answers 412 with the current ETag when the article exists, and changes nothing', async () => {
      const existing = await api.createArticle({ title: 'Original', body: 'Original body' });
      const res = await putArticle(existing.value.id, { title: 'Overwrite', body: 'Overwrite' });
      await expectPreconditionFailed(res, existing);
      await api.expectArticleUnchanged(existing);
    });

    it('PUT /api/users/:name creates an absent user: 201, Location, ETag and Last-Modified for its canonical JSON', async () => {
      const name = uniqueId('user');
      const res = await api.send('PUT', `/api/users/${name}`, {
        headers: { 'if-none-match': '*' },
        json: { name, displayName: 'Katherine Johnson' },
      });
      await expectStatus(res, 201);
      expectLocation(res, api, `/api/users/${name}`);
      const created = { value: await jsonBody<User>(res), ...validatorsOf(res) };
      expect(created.value).toEqual({ name, displayName: 'Katherine Johnson' });
      expect(await api.readUser(name)).toEqual(created);
    });

    it('PUT /api/users/:name never overwrites: 412 with the current ETag when the user exists', async () => {
      const existing = await api.createUser('Original');
      for (const displayName of ['Overwrite', 'Original']) {
        const res = await api.send('PUT', `/api/users/${existing.value.name}`, {
          headers: { 'if-none-match': '*' },
          json: { displayName },
        });
        await expectPreconditionFailed(res, existing);
      }
      expect(await api.readUser(existing.value.name)).toEqual(existing);
    });

    it('a deleted and recreated article gets a new ETag, never its old one', async () => {
      const id = uniqueId('again');
      // The article's canonical JSON, so that each 201 carries the new version's ETag.
      const content = { id, title: 'Same content', body: 'Same body', views: 0 };
      const first = await putArticle(id, content);
      await expectStatus(first, 201);
      const { etag } = validatorsOf(first);
      await first.arrayBuffer();
      const deleted = await api.send('DELETE', `/api/articles/${id}`, { headers: { 'if-match': etag } });
      await expectStatus(deleted, 204);
      await expectNoBody(deleted);
      const second = await putArticle(id, content);
      await expectStatus(second, 201);
      expect(await jsonBody<Article>(second)).toEqual(content);
      expect(validatorsOf(second).etag).not.toBe(etag);
    });

    it('the ETag of a deleted article no longer matches a recreated one: If-Match with it answers 412', async () => {
      const id = uniqueId('again');
      const content = { title: 'One', body: 'b' };
      const { deleted, current } = await recreateArticle(id, content, content);
      const res = await api.send('PATCH', `/api/articles/${id}`, {
        headers: { 'if-match': deleted.etag },
        json: { title: 'Stale writer' },
      });
      await expectPreconditionFailed(res, current);
      await api.expectArticleUnchanged(current);
    });

    // Holds whatever second the writes fall in: a later second is a later date, and a recreated
    // version in the deleted one's second is marked as sharing it (API.md), so the old date never
    // stands for it.
    it('the Last-Modified of a deleted article never stands for a recreated one: no 304, 206 or write on it', async () => {
      const id = uniqueId('again');
      const { deleted, current } = await recreateArticle(
        id,
        { title: 'Old', body: 'Old body' },
        { title: 'New', body: 'New body' },
      );
      const { lastModified } = deleted;
      const get = await api.send('GET', `/api/articles/${id}`, {
        headers: { 'if-modified-since': lastModified },
      });
      await expectStatus(get, 200);
      expect(await jsonBody<Article>(get)).toEqual(current.value);
      const range = await api.send('GET', `/api/articles/${id}/body`, {
        headers: { range: 'bytes=0-2', 'if-range': lastModified },
      });
      await expectStatus(range, 200);
      expect(await range.text()).toBe('New body');
      const patch = await api.send('PATCH', `/api/articles/${id}`, {
        headers: { 'if-unmodified-since': lastModified },
        json: { title: 'Blind writer' },
      });
      await expectPreconditionFailed(patch, current);
      await api.expectArticleUnchanged(current);
    });
  });
}
