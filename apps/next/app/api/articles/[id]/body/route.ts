import { byteRangeResponse } from '@precond/core';
import type { ArticleRecord } from '@precond/domain';
import { processDatabase, versionFields } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { IdContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import { otherMethods } from '@/lib/other-methods';
import { notFound } from '@/lib/problem';

export const runtime = 'nodejs';

// The loader reads the whole article, so that If-Range and the bytes sent are about the very same
// version; the handler takes it from here.
const loaded = new WeakMap<Request, ArticleRecord>();
const withArticle = async (request: Request, { params }: IdContext) => {
  const article = await (await processDatabase()).articles.get((await params).id);
  if (!article) return undefined;
  loaded.set(request, article);
  const { etag, lastModified, lastModifiedStrong } = article;
  return { exists: true, etag, lastModified, lastModifiedStrong };
};

/** The article's body as UTF-8 text, in single byte ranges; If-Range is precond's (`ignoreRange`). */
export const GET = apiRoute(
  withPreconditions(
    async (request, { params }: IdContext, { ignoreRange }) => {
      const article = loaded.get(request);
      if (!article) return notFound(request, `article ${(await params).id}`);
      const bytes = new TextEncoder().encode(article.body);
      const { pathname, search } = new URL(request.url);
      const answer = byteRangeResponse({
        method: request.method,
        range: request.headers.get('range') ?? undefined,
        ignoreRange,
        size: bytes.byteLength,
        instance: pathname + search,
      });
      if (answer.status === 416) {
        return new Response(answer.body, {
          status: 416,
          headers: { ...answer.headers, 'cache-control': 'no-store' },
        });
      }
      return new Response(bytes.subarray(...answer.slice), {
        status: answer.status,
        headers: {
          ...versionFields(article),
          'content-type': 'text/plain; charset=utf-8',
          ...answer.headers,
        },
      });
    },
    { loadValidators: withArticle },
  ),
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD');

export { notAllowed as DELETE, notAllowed as PATCH, notAllowed as POST, notAllowed as PUT, OPTIONS };
