/**
 * Topic `pipelined-requests`: RFC 9112 §9.6 — a server that answers with `Connection: close` "MUST
 * NOT process any further requests received on that connection". Requests pipelined behind a
 * bad-Host 400 or a 413, in the same packet, are never processed: their writes never happen. And
 * pipelining itself still works: two GETs in one packet get two answers, in order.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Versioned } from './fixtures.js';
import { BODY_LIMIT } from './fixtures.js';
import { sendPipelined } from './raw-request.js';

/** Registers the pipelined-requests cases. */
export function describePipelinedRequests(api: Api): void {
  const host = () => new URL(api.url('')).host;
  /** A PATCH of `article` with `body`, under the tag that makes it succeed. */
  const patchMessage = (article: Versioned<Article>, body: string) =>
    [
      `PATCH /api/articles/${article.value.id} HTTP/1.1`,
      `Host: ${host()}`,
      'Content-Type: application/merge-patch+json',
      `If-Match: ${article.etag}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  const patchTitle = (article: Versioned<Article>, title: string) =>
    patchMessage(article, JSON.stringify({ title }));
  const get = (path: string, hostValue = host(), last = false) =>
    `GET ${path} HTTP/1.1\r\nHost: ${hostValue}\r\n${last ? 'Connection: close\r\n' : ''}\r\n`;

  describe('pipelined requests behind a response that closes the connection (RFC 9112 §9.6)', () => {
    it('a PATCH pipelined behind a bad-Host request is never processed: one 400, the article unchanged', async () => {
      const article = await api.createArticle();
      const statuses = await sendPipelined(api.url(''), [
        get(`/api/articles/${article.value.id}`, 'a@b'),
        patchTitle(article, 'pipelined behind a 400'),
      ]);
      expect(statuses).toEqual([400]);
      await api.expectArticleUnchanged(article);
    });

    it('a PATCH pipelined behind a 413 is never processed: one 413, the article unchanged', async () => {
      const article = await api.createArticle();
      const oversized = JSON.stringify({ title: 'x'.repeat(BODY_LIMIT) });
      const tooLarge = patchMessage(article, oversized);
      const statuses = await sendPipelined(api.url(''), [
        tooLarge,
        patchTitle(article, 'pipelined behind a 413'),
      ]);
      expect(statuses).toEqual([413]);
      await api.expectArticleUnchanged(article);
    });

    it('two GETs pipelined in one packet are both answered, in order', async () => {
      const article = await api.createArticle();
      const statuses = await sendPipelined(api.url(''), [
        get(`/api/articles/${article.value.id}`),
        get('/api/articles/no-such-article', host(), true),
      ]);
      expect(statuses).toEqual([200, 404]);
    });
  });
}
