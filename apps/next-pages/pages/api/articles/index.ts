import { articleJson, createArticleOnce, parseArticleInput, processDatabase } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import { apiRoute } from '@/lib/api-route';
import { jsonRequest } from '@/lib/json-request';
import { sendProblem } from '@/lib/problem';
import { sendAnswer, sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

/** Creates an article: with an Idempotency-Key once per key, without one as it always did. */
const create = (key: string | undefined) =>
  jsonRequest(async (req, res) => {
    const input = parseArticleInput(req.body);
    if (!input.ok) return sendProblem(req, res, 422, input.detail);
    const db = await processDatabase();
    if (key !== undefined) {
      const post = { key, method: 'POST', path: req.url ?? '/api/articles', body: req.body };
      return sendAnswer(res, await createArticleOnce(db.articles, input.value, post));
    }
    const article = await db.articles.create(input.value);
    sendRecord(res, article, articleJson(article), { location: `/api/articles/${article.id}` });
  });

export default apiRoute({
  // The list, after the fact: `@precond/next/pages` hashes the bytes `res.json` writes into a strong
  // ETag and answers 304 when the request's condition says so.
  GET: withPreconditionsApi(async (_req, res) => {
    const articles = await (await processDatabase()).articles.list();
    res.json(articles.map(articleJson));
  }),

  // `withPreconditionsApi` reads the Idempotency-Key (400 when malformed) and gives the new
  // article's ETag the coding a read would get.
  POST: withPreconditionsApi((req, res, { idempotencyKey }) => create(idempotencyKey)(req, res), {
    idempotencyKey: 'optional',
  }),
});
