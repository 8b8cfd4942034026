/**
 * Topic `if-modified-since`: If-Modified-Since on GET and HEAD (RFC 9110 §13.1.3), read in all
 * three HTTP-date formats a recipient must accept (§5.6.7), and ignored when invalid or when
 * If-None-Match is present.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Versioned } from './fixtures.js';
import { epochSeconds, expectNotModified, expectStatus, jsonBody, validatorsOf } from './fixtures.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function clock(date: Date): string {
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** The obsolete RFC 850 form: `Sunday, 06-Nov-94 08:49:37 GMT`. */
function rfc850Date(date: Date): string {
  const year = pad(date.getUTCFullYear() % 100);
  const day = `${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${year}`;
  return `${LONG_DAYS[date.getUTCDay()]}, ${day} ${clock(date)} GMT`;
}

/** ANSI C's asctime() form: `Sun Nov  6 08:49:37 1994` (the day of the month padded with a space). */
function asctimeDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const month = MONTHS[date.getUTCMonth()];
  return `${SHORT_DAYS[date.getUTCDay()]} ${month} ${day} ${clock(date)} ${date.getUTCFullYear()}`;
}

/** Registers the If-Modified-Since cases. */
export function describeIfModifiedSince(api: Api): void {
  function get(
    article: Versioned<Article>,
    headers: Record<string, string>,
    method = 'GET',
  ): Promise<Response> {
    return api.send(method, `/api/articles/${article.value.id}`, { headers });
  }

  async function expectFull(res: Response, article: Versioned<Article>): Promise<void> {
    await expectStatus(res, 200);
    expect({ value: await jsonBody<Article>(res), ...validatorsOf(res) }).toEqual(article);
  }

  const formats: ReadonlyArray<[string, (date: Date) => string]> = [
    ['an IMF-fixdate', (date) => date.toUTCString()],
    ['an RFC 850 date', rfc850Date],
    ['an asctime date', asctimeDate],
  ];

  describe('If-Modified-Since', () => {
    for (const [format, formatDate] of formats) {
      it(`304 when If-Modified-Since is Last-Modified written as ${format}`, async () => {
        const article = await api.createArticle();
        const since = formatDate(new Date(article.lastModified));
        await expectNotModified(await get(article, { 'if-modified-since': since }), article);
      });
    }

    it('304 to HEAD when If-Modified-Since is Last-Modified', async () => {
      const article = await api.createArticle();
      await expectNotModified(
        await get(article, { 'if-modified-since': article.lastModified }, 'HEAD'),
        article,
      );
    });

    it('200 with the article when If-Modified-Since is a second before Last-Modified', async () => {
      const article = await api.createArticle();
      const before = new Date((epochSeconds(article.lastModified) - 1) * 1000).toUTCString();
      await expectFull(await get(article, { 'if-modified-since': before }), article);
    });

    it('200 after a write when If-Modified-Since is the previous Last-Modified, even within one second', async () => {
      const created = await api.createArticle();
      const patched = await api.patchArticle(created.value.id, created.etag, { views: 1 });
      await expectFull(await get(patched, { 'if-modified-since': created.lastModified }), patched);
    });

    it('200 when If-Modified-Since is an ISO 8601 timestamp, which is no HTTP-date', async () => {
      const article = await api.createArticle();
      // Date.parse would accept this (and a lenient server answer 304); RFC 9110 §5.6.7 does not.
      const iso = new Date(article.lastModified).toISOString();
      await expectFull(await get(article, { 'if-modified-since': iso }), article);
    });

    it('200 when If-None-Match does not match, whatever If-Modified-Since says', async () => {
      const article = await api.createArticle();
      const res = await get(article, {
        'if-none-match': '"not-the-current-tag"',
        'if-modified-since': article.lastModified,
      });
      await expectFull(res, article);
    });

    it('304 when If-None-Match matches, even with an If-Modified-Since before Last-Modified', async () => {
      const article = await api.createArticle();
      const res = await get(article, {
        'if-none-match': article.etag,
        'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT',
      });
      await expectNotModified(res, article);
    });
  });
}
