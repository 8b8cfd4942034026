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
    sendRecord(res, article, articleJson(article), { path: `/api/articles/${article.id}`, status: 201 });
  });

// A POST's preconditions are evaluated against the list (RFC 9110 §13.2.1), which is read only
// when the request carries one (`loadOnlyWhenConditional`): a plain create reads nothing more.
const listValidators = async () => (await processDatabase()).articles.listValidators();

export default apiRoute({
  // The list, after the fact: it carries the domain's tag of its body (the one a POST's
  // preconditions are evaluated against), and `@precond/next/pages` answers 304 when the request's
  // condition says so. Written with `res.end`: Next's `res.send` would replace the ETag.
  GET: withPreconditionsApi(async (_req, res) => {
    const list = await (await processDatabase()).articles.readList();
    res.setHeader('etag', list.etag);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(list.body);
  }),

  // `withPreconditionsApi` reads the Idempotency-Key (400 when malformed), evaluates the list's
  // preconditions and gives the new article's ETag the coding a read would get.
  POST: withPreconditionsApi((req, res, { idempotencyKey }) => create(idempotencyKey)(req, res), {
    loadValidators: listValidators,
    loadOnlyWhenConditional: true,
    idempotencyKey: 'optional',
  }),
});
