import { decideByteRange, formatContentRange } from '@precond/core';
import type { ArticleRecord } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import type { NextApiRequest } from 'next';
import { apiRoute, paramOf } from '@/lib/api-route';
import { database } from '@/lib/database';
import { sendNotFound, sendProblem } from '@/lib/problem';
import { setVersionFields } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

// The loader reads the whole article, so that If-Range and the bytes sent are about the very same
// version; the handler takes it from here.
const loaded = new WeakMap<NextApiRequest, ArticleRecord>();
const withArticle = async (req: NextApiRequest) => {
  const article = await (await database()).articles.get(paramOf(req.query, 'id'));
  if (!article) return undefined;
  loaded.set(req, article);
  const { etag, lastModified, lastModifiedStrong } = article;
  return { exists: true, etag, lastModified, lastModifiedStrong };
};

export default apiRoute({
  // The article's body as UTF-8 text, in single byte ranges; If-Range is precond's (`ignoreRange`).
  GET: withPreconditionsApi(
    (req, res, { ignoreRange }) => {
      const article = loaded.get(req);
      if (!article) return sendNotFound(req, res, `article ${paramOf(req.query, 'id')}`);
      const bytes = Buffer.from(article.body, 'utf8');
      const size = bytes.byteLength;
      const decision = decideByteRange(ignoreRange ? undefined : req.headers.range, size);
      res.setHeader('accept-ranges', 'bytes');
      if (decision.kind === 'unsatisfiable') {
        return sendProblem(req, res, 416, `The range is outside the ${size} bytes of this body`, {
          'content-range': formatContentRange(size),
        });
      }
      setVersionFields(res, article);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      if (decision.kind === 'full') return res.end(bytes);
      res.statusCode = 206;
      res.setHeader('content-range', formatContentRange(size, decision));
      res.end(bytes.subarray(decision.start, decision.end + 1));
    },
    { validators: withArticle },
  ),
});
