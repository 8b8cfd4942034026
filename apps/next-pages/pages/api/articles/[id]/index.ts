import { isResourceId, parseArticleInput } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import type { NextApiRequest } from 'next';
import { apiRoute, paramOf } from '@/lib/api-route';
import { database } from '@/lib/database';
import { jsonRequest } from '@/lib/json-request';
import { sendNotFound, sendProblem } from '@/lib/problem';
import { articleJson, sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

const idOf = (req: NextApiRequest) => paramOf(req.query, 'id');

// GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
const existing = async (req: NextApiRequest) => {
  const validators = await (await database()).articles.validators(idOf(req));
  return validators.exists ? validators : undefined;
};

// PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
const creatable = async (req: NextApiRequest) =>
  isResourceId(idOf(req)) ? (await database()).articles.validators(idOf(req)) : undefined;

export default apiRoute({
  GET: withPreconditionsApi(
    async (req, res) => {
      const article = await (await database()).articles.get(idOf(req));
      if (!article) return sendNotFound(req, res, `article ${idOf(req)}`);
      sendRecord(res, article, articleJson(article));
    },
    { validators: existing },
  ),

  PATCH: jsonRequest(
    withPreconditionsApi(
      async (req, res, { validators }) => {
        if (!validators) return sendNotFound(req, res, `article ${idOf(req)}`);
        const changes = parseArticleInput(req.body, { partial: true, id: idOf(req) });
        if (!changes.ok) return sendProblem(req, res, 422, changes.detail);
        const article = await (await database()).articles.update(
          idOf(req),
          changes.value,
          validators.etag ?? '',
        );
        sendRecord(res, article, articleJson(article));
      },
      { validators: existing, requirePreconditions: true },
    ),
  ),

  PUT: jsonRequest(
    withPreconditionsApi(
      async (req, res, { validators }) => {
        if (!validators) return sendNotFound(req, res, `article ${idOf(req)}`);
        const input = parseArticleInput(req.body, { id: idOf(req) });
        if (!input.ok) return sendProblem(req, res, 422, input.detail);
        const articles = (await database()).articles;
        if (validators.exists) {
          const article = await articles.replace(idOf(req), input.value, validators.etag ?? '');
          return sendRecord(res, article, articleJson(article));
        }
        const article = await articles.insert(idOf(req), input.value);
        sendRecord(res, article, articleJson(article), { location: `/api/articles/${article.id}` });
      },
      { validators: creatable, requirePreconditions: true },
    ),
  ),

  DELETE: withPreconditionsApi(
    async (req, res, { validators }) => {
      if (!validators) return sendNotFound(req, res, `article ${idOf(req)}`);
      await (await database()).articles.delete(idOf(req), validators.etag ?? '');
      res.status(204).end();
    },
    { validators: existing, requirePreconditions: true },
  ),
});
