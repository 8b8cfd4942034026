import { byteRangeResponse } from '@precond/core';
import type { ArticleRecord } from '@precond/domain';
import { processDatabase } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import type { NextApiRequest } from 'next';
import { apiRoute, paramOf } from '@/lib/api-route';
import { sendNotFound } from '@/lib/problem';
import { setVersionFields } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

// The loader reads the whole article, so that If-Range and the bytes sent are about the very same
// version; the handler takes it from here.
const loaded = new WeakMap<NextApiRequest, ArticleRecord>();
const withArticle = async (req: NextApiRequest) => {
  const article = await (await processDatabase()).articles.get(paramOf(req.query, 'id'));
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
      const answer = byteRangeResponse({
        method: req.method,
        range: req.headers.range,
        ignoreRange,
        size: bytes.byteLength,
        instance: req.url,
      });
      res.statusCode = answer.status;
      if (answer.status === 416) {
        for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
        res.setHeader('cache-control', 'no-store');
        return res.end(answer.body);
      }
      setVersionFields(res, article);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
      res.end(bytes.subarray(...answer.slice));
    },
    { loadValidators: withArticle },
  ),
});
