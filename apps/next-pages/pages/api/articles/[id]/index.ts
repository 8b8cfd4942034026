import { articleJson, isResourceId, parseArticleInput, processDatabase, putArticle } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import type { NextApiRequest } from 'next';
import { apiRoute, paramOf } from '@/lib/api-route';
import { jsonRequest, requestContent } from '@/lib/json-request';
import { sendNotFound, sendProblem } from '@/lib/problem';
import { sendAnswer, sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

const idOf = (req: NextApiRequest) => paramOf(req.query, 'id');

// GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
const existing = async (req: NextApiRequest) => {
  const validators = await (await processDatabase()).articles.validators(idOf(req));
  return validators.exists ? validators : undefined;
};

// PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
const creatable = async (req: NextApiRequest) =>
  isResourceId(idOf(req)) ? (await processDatabase()).articles.validators(idOf(req)) : undefined;

// What a write's compare-and-set checks is `writeCondition`: the evaluated tag, or the request's own
// If-Match list when `deferIfMatch` left an If-Match-only write to the statement (one round trip, no
// validator read; a missing article is then the store's ResourceNotFoundError, a 404).
const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;

export default apiRoute({
  GET: withPreconditionsApi(
    async (req, res) => {
      const article = await (await processDatabase()).articles.get(idOf(req));
      if (!article) return sendNotFound(req, res, `article ${idOf(req)}`);
      sendRecord(res, article, articleJson(article));
    },
    { loadValidators: existing },
  ),

  PATCH: jsonRequest(
    withPreconditionsApi(async (req, res, { writeCondition }) => {
      if (!writeCondition) return sendNotFound(req, res, `article ${idOf(req)}`);
      const changes = parseArticleInput(req.body, { partial: true, id: idOf(req) });
      if (!changes.ok) return sendProblem(req, res, 422, changes.detail);
      const article = await (await processDatabase()).articles.update(
        idOf(req),
        changes.value,
        writeCondition,
      );
      sendRecord(res, article, articleJson(article), { path: `/api/articles/${article.id}`, status: 200 });
    }, unsafe),
  ),

  PUT: jsonRequest(
    withPreconditionsApi(
      async (req, res, { validators, writeCondition }) => {
        if (!isResourceId(idOf(req)) || (!validators && !writeCondition)) {
          return sendNotFound(req, res, `article ${idOf(req)}`);
        }
        const input = parseArticleInput(req.body, { id: idOf(req) });
        if (!input.ok) return sendProblem(req, res, 422, input.detail);
        const put = { condition: writeCondition, content: requestContent(req) };
        sendAnswer(res, await putArticle((await processDatabase()).articles, idOf(req), input.value, put));
      },
      { ...unsafe, loadValidators: creatable },
    ),
  ),

  DELETE: withPreconditionsApi(async (req, res, { writeCondition }) => {
    if (!writeCondition) return sendNotFound(req, res, `article ${idOf(req)}`);
    await (await processDatabase()).articles.delete(idOf(req), writeCondition);
    res.status(204).end();
  }, unsafe),
});
