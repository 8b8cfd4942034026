import { articleJson, parseArticleInput, processDatabase } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import { apiRoute } from '@/lib/api-route';
import { jsonRequest } from '@/lib/json-request';
import { sendProblem } from '@/lib/problem';
import { sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

export default apiRoute({
  // The list, after the fact: `@precond/next/pages` hashes the bytes `res.json` writes into a strong
  // ETag and answers 304 when the request's condition says so.
  GET: withPreconditionsApi(async (_req, res) => {
    const articles = await (await processDatabase()).articles.list();
    res.json(articles.map(articleJson));
  }),

  // `withPreconditionsApi` gives the new article's ETag the coding a read would get.
  POST: withPreconditionsApi(
    jsonRequest(async (req, res) => {
      const input = parseArticleInput(req.body);
      if (!input.ok) return sendProblem(req, res, 422, input.detail);
      const article = await (await processDatabase()).articles.create(input.value);
      sendRecord(res, article, articleJson(article), { location: `/api/articles/${article.id}` });
    }),
  ),
});
