/**
 * Topic `idempotency-key`: `POST /api/articles` with an `Idempotency-Key`
 * (draft-ietf-httpapi-idempotency-key-header) creates one article per key. A retry with the key and
 * the same body gets the first answer again — same status, `Location`, `ETag`, body — and no second
 * article; the key with another body is a 422, a malformed key a 400. A POST without a key creates
 * as it always did: the sample does not require one.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article } from './fixtures.js';
import {
  expectContentLocation,
  expectLocation,
  expectStatus,
  jsonBody,
  problem,
  uniqueId,
  validatorsOf,
} from './fixtures.js';

/** Registers the idempotency-key cases. */
export function describeIdempotencyKey(api: Api): void {
  const post = (key: string, json: unknown) =>
    api.send('POST', '/api/articles', { headers: { 'idempotency-key': key }, json });
  const key = () => `"${globalThis.crypto.randomUUID()}"`;
  const mentioning = async (marker: string) =>
    (await api.listArticles()).filter((article) => article.title.includes(marker));

  describe('Idempotency-Key on POST /api/articles', () => {
    it('a retry with the same key and body gets the first answer: same status, id, Location, ETag, body; one article', async () => {
      const marker = uniqueId('once');
      const sent = key();
      const input = { title: `Title ${marker}`, body: 'Once' };
      const first = await post(sent, input);
      await expectStatus(first, 201);
      const created = await jsonBody<Article>(first);
      const validators = validatorsOf(first);
      expectLocation(first, api, `/api/articles/${created.id}`);
      expectContentLocation(first, api, `/api/articles/${created.id}`);
      for (let retry = 0; retry < 2; retry++) {
        const again = await post(sent, input);
        await expectStatus(again, 201);
        expect(await jsonBody<Article>(again)).toEqual(created);
        expect(validatorsOf(again)).toEqual(validators);
        expectLocation(again, api, `/api/articles/${created.id}`);
        expectContentLocation(again, api, `/api/articles/${created.id}`);
      }
      expect(await mentioning(marker)).toEqual([created]);
      expect(await api.readArticle(created.id)).toEqual({ value: created, ...validators });
    });

    it('replays the first answer even after the article changed, and never creates it again', async () => {
      const marker = uniqueId('changed');
      const sent = key();
      const input = { title: `Title ${marker}`, body: 'Before' };
      const first = await post(sent, input);
      await expectStatus(first, 201);
      const created = { value: await jsonBody<Article>(first), ...validatorsOf(first) };
      await api.patchArticle(created.value.id, created.etag, { body: 'After' });
      const again = await post(sent, input);
      await expectStatus(again, 201);
      expect({ value: await jsonBody<Article>(again), ...validatorsOf(again) }).toEqual(created);
      expect(await mentioning(marker)).toHaveLength(1);
    });

    it('30 POSTs with one key at once: one article, and every answer is its 201', async () => {
      const marker = uniqueId('thirty');
      const sent = key();
      const input = { title: `Title ${marker}`, body: 'At once' };
      const answers = await Promise.all(Array.from({ length: 30 }, () => post(sent, input)));
      const created = await mentioning(marker);
      expect(created).toHaveLength(1);
      for (const answer of answers) {
        await expectStatus(answer, 201);
        expect(await jsonBody<Article>(answer)).toEqual(created[0]);
        expectLocation(answer, api, `/api/articles/${created[0]?.id}`);
      }
      expect(new Set(answers.map((answer) => answer.headers.get('etag'))).size).toBe(1);
    });

    it('422 problem+json when the key is reused with another body, and nothing is created', async () => {
      const marker = uniqueId('reused');
      const sent = key();
      await expectStatus(await post(sent, { title: `Title ${marker}`, body: 'First' }), 201);
      const reused = await post(sent, { title: `Other ${marker}`, body: 'Second' });
      const body = await problem(reused, 422);
      expect(body.detail).toContain('Idempotency-Key');
      expect(await mentioning(`Other ${marker}`)).toEqual([]);
    });

    it('400 problem+json for a malformed key, and nothing is created', async () => {
      const marker = uniqueId('malformed');
      for (const malformed of [
        'unquoted-key',
        '""',
        '"a", "b"',
        `"${'k'.repeat(256)}"`,
        '"bad\\escape"',
        '"a";K=1',
      ]) {
        const res = await post(malformed, { title: `Title ${marker}`, body: 'Never' });
        const body = await problem(res, 400);
        expect(body.detail).toContain('Idempotency-Key');
      }
      await api.expectNoArticleMentioning(marker);
    });

    it('two keys are two articles; no key at all creates as before', async () => {
      const marker = uniqueId('two');
      const input = { title: `Title ${marker}`, body: 'Twice' };
      await expectStatus(await post(key(), input), 201);
      await expectStatus(await post(key(), input), 201);
      await api.createArticle(input);
      expect(await mentioning(marker)).toHaveLength(3);
    });

    it('a key sent with an invalid article creates nothing and stays free for a valid one', async () => {
      const marker = uniqueId('invalid');
      const sent = key();
      await problem(await post(sent, { title: '', body: 'x' }), 422);
      await expectStatus(await post(sent, { title: `Title ${marker}`, body: 'Valid' }), 201);
      expect(await mentioning(marker)).toHaveLength(1);
    });
  });
}
