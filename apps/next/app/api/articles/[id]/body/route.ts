import { decideByteRange, formatContentRange } from '@precond/core';
import type { ArticleRecord } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { IdContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import { database } from '@/lib/database';
import { otherMethods } from '@/lib/other-methods';
import { notFound, problemResponse } from '@/lib/problem';
import { versionFields } from '@/lib/representation';

export const runtime = 'nodejs';

// The loader reads the whole article, so that If-Range and the bytes sent are about the very same
// version; the handler takes it from here.
const loaded = new WeakMap<Request, ArticleRecord>();
const withArticle = async (request: Request, { params }: IdContext) => {
  const article = await (await database()).articles.get((await params).id);
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
      const size = bytes.byteLength;
      const range = ignoreRange ? undefined : (request.headers.get('range') ?? undefined);
      const decision = decideByteRange(range, size);
      if (decision.kind === 'unsatisfiable') {
        return problemResponse(request, 416, `The range is outside the ${size} bytes of this body`, {
          'content-range': formatContentRange(size),
          'accept-ranges': 'bytes',
        });
      }
      const headers: Record<string, string> = {
        ...versionFields(article),
        'content-type': 'text/plain; charset=utf-8',
        'accept-ranges': 'bytes',
      };
      if (decision.kind === 'full') return new Response(bytes, { headers });
      headers['content-range'] = formatContentRange(size, decision);
      return new Response(bytes.subarray(decision.start, decision.end + 1), { status: 206, headers });
    },
    { validators: withArticle },
  ),
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD');

export { notAllowed as DELETE, notAllowed as PATCH, notAllowed as POST, notAllowed as PUT, OPTIONS };
