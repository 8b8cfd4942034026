/**
 * Topic `ranges`: `GET /api/articles/:id/body` serves single byte ranges (RFC 9110 §14) and
 * honours If-Range (§13.1.5): a strong match gets the part, anything else the whole body.
 * The body is UTF-8 with multi-byte characters, so ranges count bytes, not characters.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Versioned } from './fixtures.js';
import {
  epochSeconds,
  expectNoCache,
  expectNotModified,
  expectStatus,
  mediaType,
  problem,
  sleep,
  validatorsOf,
} from './fixtures.js';

const TEXT = 'Hello, wörld! Ünïcödé bytes ☃ end.';
const BYTES = new TextEncoder().encode(TEXT);
const SIZE = BYTES.byteLength;

/** Registers the range cases. */
export function describeRanges(api: Api): void {
  function getBody(article: Versioned<Article>, headers: Record<string, string> = {}): Promise<Response> {
    return api.send('GET', `/api/articles/${article.value.id}/body`, { headers });
  }

  function createArticle(): Promise<Versioned<Article>> {
    return api.createArticle({ body: TEXT });
  }

  function expectTextPlain(res: Response): void {
    expect(mediaType(res)).toBe('text/plain');
    expect(res.headers.get('content-type')?.toLowerCase().replace(/\s/g, '')).toBe(
      'text/plain;charset=utf-8',
    );
  }

  /** Asserts the full 200: every byte, the article's validators, Accept-Ranges, no Content-Range. */
  async function expectFull(res: Response, article: Versioned<Article>, bytes = BYTES): Promise<void> {
    await expectStatus(res, 200);
    expectTextPlain(res);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expectNoCache(res);
    expect(res.headers.get('content-range')).toBeNull();
    expect(validatorsOf(res)).toEqual({ etag: article.etag, lastModified: article.lastModified });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  }

  /** Asserts a 206 for bytes `first`..`last` inclusive. */
  async function expectPartial(
    res: Response,
    article: Versioned<Article>,
    first: number,
    last: number,
  ): Promise<void> {
    await expectStatus(res, 206);
    expectTextPlain(res);
    expect(res.headers.get('content-range')).toBe(`bytes ${first}-${last}/${SIZE}`);
    expect(validatorsOf(res)).toEqual({ etag: article.etag, lastModified: article.lastModified });
    const length = res.headers.get('content-length');
    if (length !== null) expect(Number(length)).toBe(last - first + 1);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(BYTES.slice(first, last + 1));
  }

  describe('ranges (GET /api/articles/:id/body)', () => {
    it('200 with the body as text/plain; charset=utf-8, Accept-Ranges: bytes, the article ETag and Last-Modified', async () => {
      const article = await createArticle();
      const res = await getBody(article);
      await expectFull(res, article);
    });

    it('206 with the first five bytes and Content-Range: bytes 0-4/size for Range: bytes=0-4', async () => {
      const article = await createArticle();
      await expectPartial(await getBody(article, { range: 'bytes=0-4' }), article, 0, 4);
    });

    it('206 with the last three bytes for Range: bytes=-3', async () => {
      const article = await createArticle();
      await expectPartial(await getBody(article, { range: 'bytes=-3' }), article, SIZE - 3, SIZE - 1);
    });

    it('206 with every byte from offset 5 for Range: bytes=5-', async () => {
      const article = await createArticle();
      await expectPartial(await getBody(article, { range: 'bytes=5-' }), article, 5, SIZE - 1);
    });

    it('206 up to the last byte when the range ends past the end', async () => {
      const article = await createArticle();
      await expectPartial(await getBody(article, { range: 'bytes=8-999999' }), article, 8, SIZE - 1);
    });

    // RFC 9110 §14.1.1 puts no bound on a position's digits: one past what a number holds is still
    // past the end, never a reason to ignore the Range.
    it('206 up to the last byte when the range ends past the end by more digits than a 64-bit number holds', async () => {
      const article = await createArticle();
      for (const range of ['bytes=0-9999999999999999', 'bytes=8-18446744073709551616']) {
        const first = Number(range.slice(6, range.indexOf('-')));
        await expectPartial(await getBody(article, { range }), article, first, SIZE - 1);
      }
    });

    it('416 when the range starts past the end by more digits than a 64-bit number holds', async () => {
      const article = await createArticle();
      const res = await getBody(article, { range: 'bytes=18446744073709551616-' });
      expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
      await problem(res, 416);
    });

    it('416 with Content-Range: bytes */size when the range starts past the end', async () => {
      const article = await createArticle();
      const res = await getBody(article, { range: 'bytes=999999-' });
      expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
      await problem(res, 416);
    });

    // RFC 9110 §14.2: GET is the only method range handling is defined for; a server MUST ignore
    // Range on any other, HEAD included. So HEAD answers as the whole body's GET would: 200.
    it('HEAD with a Range answers 200 with the fields of the whole body and no Content-Range, whatever the range', async () => {
      const article = await createArticle();
      for (const range of ['bytes=0-4', 'bytes=999999-']) {
        const res = await api.send('HEAD', `/api/articles/${article.value.id}/body`, { headers: { range } });
        await expectStatus(res, 200);
        expectTextPlain(res);
        expect(res.headers.get('content-range'), range).toBeNull();
        expect(res.headers.get('accept-ranges')).toBe('bytes');
        expect(validatorsOf(res)).toEqual({ etag: article.etag, lastModified: article.lastModified });
        const length = res.headers.get('content-length');
        if (length !== null) expect(Number(length)).toBe(SIZE);
        expect(await res.text()).toBe('');
      }
    });

    it('the full 200 for a request of several ranges', async () => {
      const article = await createArticle();
      await expectFull(await getBody(article, { range: 'bytes=0-1,4-6' }), article);
    });

    it('the full 200 for a malformed Range', async () => {
      const article = await createArticle();
      await expectFull(await getBody(article, { range: 'bytes=five-ten' }), article);
      await expectFull(await getBody(article, { range: 'lines=1-2' }), article);
      await expectFull(await getBody(article, { range: 'bytes = 0-4' }), article);
    });

    it('206 when If-Range carries the current ETag', async () => {
      const article = await createArticle();
      const res = await getBody(article, { range: 'bytes=0-4', 'if-range': article.etag });
      await expectPartial(res, article, 0, 4);
    });

    it('the full 200 of the new body when If-Range carries a stale ETag', async () => {
      const created = await createArticle();
      const text = `${TEXT} Changed.`;
      const patched = await api.patchArticle(created.value.id, created.etag, { body: text });
      const res = await getBody(created, { range: 'bytes=0-4', 'if-range': created.etag });
      await expectFull(res, patched, new TextEncoder().encode(text));
    });

    it('the full 200 when If-Range carries a weak tag, even of the current value', async () => {
      const article = await createArticle();
      const res = await getBody(article, { range: 'bytes=0-4', 'if-range': `W/${article.etag}` });
      await expectFull(res, article);
    });

    it('the full 200 when If-Range is neither an entity-tag nor a date', async () => {
      const article = await createArticle();
      await expectFull(await getBody(article, { range: 'bytes=0-4', 'if-range': 'garbage' }), article);
    });

    it('the full 200 when If-Range carries a date other than Last-Modified', async () => {
      const article = await createArticle();
      const earlier = new Date((epochSeconds(article.lastModified) - 10) * 1000).toUTCString();
      await expectFull(await getBody(article, { range: 'bytes=0-4', 'if-range': earlier }), article);
    });

    it('206 when If-Range carries the Last-Modified of an article alone in its second, at once', async () => {
      // One write, so no other version shares that second: the date is strong (RFC 9110 §8.8.2.2).
      const article = await createArticle();
      const res = await getBody(article, { range: 'bytes=0-4', 'if-range': article.lastModified });
      await expectPartial(res, article, 0, 4);
    });

    it('206 when If-Range carries the Last-Modified of an article unchanged for over a second', async () => {
      const article = await createArticle();
      // A Last-Modified date is a strong validator only once its second is over (RFC 9110 §8.8.2.2).
      const strongFrom = (epochSeconds(article.lastModified) + 1) * 1000 + 100;
      await sleep(Math.min(Math.max(strongFrom - Date.now(), 0), 3000));
      const res = await getBody(article, { range: 'bytes=0-4', 'if-range': article.lastModified });
      await expectPartial(res, article, 0, 4);
    });

    it('304 to a conditional GET with the current tag, whatever the Range', async () => {
      const article = await createArticle();
      const res = await getBody(article, { 'if-none-match': article.etag, range: 'bytes=0-4' });
      await expectNotModified(res, article);
    });
  });
}
