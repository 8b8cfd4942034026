import { byteRangeResponse } from '@precond/core';
import type { ArticleRecord, Database } from '@precond/domain';
import {
  createArticleOnce,
  isResourceId,
  parseArticleInput,
  putArticle,
  articleJson as toJson,
} from '@precond/domain';
import { preconditions } from '@precond/express';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { jsonRequest } from '../json-request.js';
import { methodNotAllowed, sendProblem, sendText } from '../problem-responses.js';
import { sendAnswer, sendRecord, sendWritten } from '../representation.js';

/** Articles: list, create, read, merge-patch, replace or safe-create, delete, and the ranged body. */
export function articleRoutes(db: Database): Router {
  const router = Router();
  const id = (req: Request) => String(req.params.id);
  // GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
  const existing = async (req: Request) => {
    const validators = await db.articles.validators(id(req));
    return validators.exists ? validators : undefined;
  };
  // PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
  const creatable = (req: Request) => (isResourceId(id(req)) ? db.articles.validators(id(req)) : undefined);
  // What the compare-and-set checks: the evaluated tag, or the request's own If-Match list when
  // `deferIfMatch` left an If-Match-only write to the statement (one round trip, no validator read;
  // a missing article is then the store's ResourceNotFoundError, a 404).
  const writeCondition = (res: Response) => res.locals.precond?.writeCondition;
  const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;
  const notFound = (req: Request, res: Response) => sendProblem(res, 404, `There is no article ${id(req)}`);
  const invalid = (res: Response, detail: string) => sendProblem(res, 422, detail);

  // A POST's preconditions are evaluated against the list (RFC 9110 §13.2.1), which is read only
  // when the request carries one (`loadOnlyWhenConditional`): a plain create reads nothing more.
  const create = {
    loadValidators: () => db.articles.listValidators(),
    loadOnlyWhenConditional: true,
    idempotencyKey: 'optional',
  } as const;

  router
    .route('/')
    .get(async (_req, res) => {
      const list = await db.articles.readList();
      res.set({ ETag: list.etag, 'Cache-Control': 'no-cache' }).type('json').send(list.body);
    })
    // A POST with an Idempotency-Key creates once per key; one without creates as it always did.
    .post(jsonRequest(), preconditions(create), async (req, res) => {
      const input = parseArticleInput(res.locals.body);
      if (!input.ok) return invalid(res, input.detail);
      const key = res.locals.precond?.idempotencyKey;
      if (key !== undefined) {
        const post = { key, method: req.method, path: req.originalUrl, body: res.locals.body };
        return sendAnswer(res, await createArticleOnce(db.articles, input.value, post));
      }
      const article = await db.articles.create(input.value);
      sendWritten(res, article, toJson(article), `/api/articles/${article.id}`, 201);
    })
    .all(methodNotAllowed(['GET', 'HEAD', 'POST']));

  router
    .route('/:id')
    .get(preconditions({ loadValidators: existing }), async (req, res) => {
      const article = await db.articles.get(id(req));
      if (!article) return notFound(req, res);
      sendRecord(res, article, toJson(article));
    })
    .patch(jsonRequest(), preconditions(unsafe), async (req, res) => {
      const condition = writeCondition(res);
      if (!condition) return notFound(req, res);
      const changes = parseArticleInput(res.locals.body, { partial: true, id: id(req) });
      if (!changes.ok) return invalid(res, changes.detail);
      const article = await db.articles.update(id(req), changes.value, condition);
      sendWritten(res, article, toJson(article), `/api/articles/${article.id}`);
    })
    .put(jsonRequest(), preconditions({ ...unsafe, loadValidators: creatable }), async (req, res) => {
      if (!isResourceId(id(req)) || !res.locals.precond) return notFound(req, res);
      const input = parseArticleInput(res.locals.body, { id: id(req) });
      if (!input.ok) return invalid(res, input.detail);
      const put = { condition: writeCondition(res), content: res.locals.content! };
      sendAnswer(res, await putArticle(db.articles, id(req), input.value, put));
    })
    .delete(preconditions(unsafe), async (req, res) => {
      const condition = writeCondition(res);
      if (!condition) return notFound(req, res);
      await db.articles.delete(id(req), condition);
      res.status(204).end();
    })
    .all(methodNotAllowed(['GET', 'HEAD', 'PATCH', 'PUT', 'DELETE']));

  // The body route loads the whole article in its loader, so that If-Range and the bytes sent are
  // about the very same version.
  const loaded = new WeakMap<object, ArticleRecord>();
  const withArticle = async (req: Request) => {
    const article = await db.articles.get(id(req));
    if (!article) return undefined;
    loaded.set(req, article);
    const { etag, lastModified, lastModifiedStrong } = article;
    return { exists: true, etag, lastModified, lastModifiedStrong };
  };
  router
    .route('/:id/body')
    .get(preconditions({ loadValidators: withArticle }), (req, res) => {
      const article = loaded.get(req);
      if (!article) return notFound(req, res);
      const bytes = Buffer.from(article.body, 'utf8');
      const answer = byteRangeResponse({
        method: req.method,
        range: req.get('Range') || undefined,
        ignoreRange: res.locals.precond?.ignoreRange,
        size: bytes.byteLength,
        instance: req.originalUrl,
      });
      if (answer.status === 416) {
        sendText(res.status(416).set({ ...answer.headers, 'Cache-Control': 'no-store' }), answer.body);
        return;
      }
      res.set(answer.headers).type('text/plain; charset=utf-8');
      sendRecord(res, article, bytes.subarray(...answer.slice), answer.status);
    })
    .all(methodNotAllowed(['GET', 'HEAD']));

  return router;
}
