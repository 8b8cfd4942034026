/**
 * Topic `put-validators`: a successful `PUT` carries `ETag` and `Last-Modified` only when the server
 * stored the request's content without any transformation (RFC 9110 §9.3.4), that is, when the
 * content is byte for byte the representation a `GET` sends. Otherwise it carries neither, and its
 * body, named by `Content-Location`, is the new representation (RFC 9110 §8.7).
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, User } from './fixtures.js';
import {
  expectContentLocation,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  transformedPutBody,
  uniqueId,
  validatorsOf,
} from './fixtures.js';

/** Registers the cases about validators in answers to PUT. */
export function describePutValidators(api: Api): void {
  /** `GET path`: the 200's exact body text and its validators. */
  async function readText(path: string): Promise<{ text: string; etag: string; lastModified: string }> {
    const res = await api.send('GET', path);
    await expectStatus(res, 200);
    return { ...validatorsOf(res), text: await res.text() };
  }

  /** `PUT path` with `body` sent exactly as given, as `application/json`. */
  function put(path: string, condition: Record<string, string>, body: string): Promise<Response> {
    return api.send('PUT', path, { headers: { ...condition, 'content-type': 'application/json' }, body });
  }

  describe('validators on PUT (RFC 9110 §9.3.4)', () => {
    it('a replacement whose content differs from the stored article answers 200 without ETag or Last-Modified', async () => {
      const created = await api.createArticle({ title: 'Before', body: 'b', views: 3 });
      const path = `/api/articles/${created.value.id}`;
      // No id, no views, an unknown member: the server stores something else than it received.
      const content = JSON.stringify({ title: 'After', body: 'b', tags: ['x'] });
      const res = await put(path, { 'if-match': created.etag }, content);
      const value = await transformedPutBody<Article>(res, api, path, 200);
      expect(value).toEqual({ id: created.value.id, title: 'After', body: 'b', views: 0 });
      const read = await api.readArticle(created.value.id);
      expect(read.value).toEqual(value);
      expect(read.etag).not.toBe(created.etag);
    });

    it('a replacement with the bytes of a GET body answers 200 with the ETag and Last-Modified a GET then sends', async () => {
      const created = await api.createArticle({ title: 'Canonical', body: 'Same bytes', views: 1 });
      const path = `/api/articles/${created.value.id}`;
      const before = await readText(path);
      const res = await put(path, { 'if-match': before.etag }, before.text);
      await expectStatus(res, 200);
      const answered = validatorsOf(res);
      expect(await res.text()).toBe(before.text);
      expectContentLocation(res, api, path);
      const after = await readText(path);
      expect(after.text).toBe(before.text);
      expect(answered).toEqual({ etag: after.etag, lastModified: after.lastModified });
      expect(answered.etag).not.toBe(before.etag);
      // The tag answered is the current one: a write conditioned on it goes through.
      await expectStatus(await put(path, { 'if-match': answered.etag }, before.text), 200);
    });

    it('the same JSON spaced otherwise is not the stored bytes: 200 without validators', async () => {
      const created = await api.createArticle({ title: 'Spaced', body: 'b' });
      const path = `/api/articles/${created.value.id}`;
      const before = await readText(path);
      const respaced = JSON.stringify(JSON.parse(before.text), null, 2);
      const value = await transformedPutBody<Article>(
        await put(path, { 'if-match': before.etag }, respaced),
        api,
        path,
        200,
      );
      expect(value).toEqual(JSON.parse(before.text));
    });

    it('a create with If-None-Match: * and the canonical JSON answers 201 with the ETag a GET then sends', async () => {
      const id = uniqueId('canonical');
      const path = `/api/articles/${id}`;
      // API.md: the article's JSON is { id, title, body, views } in that order, without spaces.
      const content = JSON.stringify({ id, title: 'Created whole', body: 'b', views: 0 });
      const res = await put(path, { 'if-none-match': '*' }, content);
      await expectStatus(res, 201);
      const answered = validatorsOf(res);
      expect(await res.text()).toBe(content);
      const read = await readText(path);
      expect(read.text).toBe(content);
      expect(answered).toEqual({ etag: read.etag, lastModified: read.lastModified });
    });

    it('a create whose content differs answers 201 without validators, and a write needs the tag a GET sends', async () => {
      const id = uniqueId('transformed');
      const path = `/api/articles/${id}`;
      const res = await put(path, { 'if-none-match': '*' }, JSON.stringify({ title: 'T', body: 'b' }));
      const value = await transformedPutBody<Article>(res, api, path, 201);
      expect(value).toEqual({ id, title: 'T', body: 'b', views: 0 });
      const read = await api.readArticle(id);
      await expectPreconditionFailed(
        await api.send('PATCH', path, { headers: { 'if-match': '"not-the-tag"' }, json: { views: 1 } }),
        read,
      );
      await api.patchArticle(id, read.etag, { views: 1 });
    });

    it('a user replaced with the bytes of its GET body gets its validators; with only a displayName, none', async () => {
      const created = await api.createUser('Ada');
      const path = `/api/users/${created.value.name}`;
      const before = await readText(path);
      const canonical = await put(path, { 'if-match': before.etag }, before.text);
      await expectStatus(canonical, 200);
      const answered = validatorsOf(canonical);
      expect(await jsonBody<User>(canonical)).toEqual(created.value);
      const after = await readText(path);
      expect(answered).toEqual({ etag: after.etag, lastModified: after.lastModified });
      const partial = await put(path, { 'if-match': after.etag }, JSON.stringify({ displayName: 'Ada' }));
      expect(await transformedPutBody<User>(partial, api, path, 200)).toEqual(created.value);
    });

    it('PATCH, whose rule this is not, still answers with the new validators a GET then sends', async () => {
      const created = await api.createArticle();
      const patched = await api.patchArticle(created.value.id, created.etag, { views: 7 });
      expect(await api.readArticle(created.value.id)).toEqual(patched);
    });

    it('a PUT answered 412 still carries the current validators, as every 412 does', async () => {
      const created = await api.createArticle();
      const path = `/api/articles/${created.value.id}`;
      const res = await put(path, { 'if-match': '"stale"' }, JSON.stringify(created.value));
      await expectPreconditionFailed(res, created);
    });
  });
}
