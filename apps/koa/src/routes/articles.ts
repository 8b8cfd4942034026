import type { RouterContext } from '@koa/router';
import Router from '@koa/router';
import { byteRangeResponse } from '@precond/core';
import type { ArticleRecord, Database } from '@precond/domain';
import {
  createArticleOnce,
  isResourceId,
  parseArticleInput,
  putArticle,
  articleJson as toJson,
} from '@precond/domain';
import { preconditions } from '@precond/koa';
import { jsonRequest } from '../json-request.js';
import { sendProblem } from '../problem-responses.js';
import { REVALIDATED, sendAnswer, sendRecord, sendWritten } from '../representation.js';
import type { AppState } from '../state.js';

type Ctx = RouterContext<AppState>;

/** Articles: list, create, read, merge-patch, replace or safe-create, delete, and the ranged body. */
export function articleRoutes(db: Database): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/articles' });
  // GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
  const existing = async (ctx: Ctx) => {
    const validators = await db.articles.validators(ctx.params.id ?? '');
    return validators.exists ? validators : undefined;
  };
  // PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
  const creatable = (ctx: Ctx) =>
    isResourceId(ctx.params.id) ? db.articles.validators(ctx.params.id!) : undefined;
  // What the compare-and-set checks: the evaluated tag, or the request's own If-Match list when
  // `deferIfMatch` left an If-Match-only write to the statement (one round trip, no validator read;
  // a missing article is then the store's ResourceNotFoundError, a 404).
  const writeCondition = (ctx: Ctx) => ctx.state.precond?.writeCondition;
  const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;
  const notFound = (ctx: Ctx) => sendProblem(ctx, 404, `There is no article ${ctx.params.id}`);
  const invalid = (ctx: Ctx, detail: string) => sendProblem(ctx, 422, detail);

  // After the fact: the list's tag is the one its query computes; precond answers 304 from it. The
  // only route without validators to load, so the only one that needs the after-the-fact mode.
  router.get('/', preconditions(), async (ctx) => {
    const list = await db.articles.readList();
    ctx.set({ ETag: list.etag, 'Cache-Control': 'no-cache' });
    ctx.type = 'application/json';
    ctx.body = list.body;
  });

  // A POST's preconditions are evaluated against the list (RFC 9110 §13.2.1), which is read only
  // when the request carries one (`loadOnlyWhenConditional`): a plain create reads nothing more.
  // A POST with an Idempotency-Key creates once per key; one without creates as it always did.
  const create = {
    loadValidators: () => db.articles.listValidators(),
    loadOnlyWhenConditional: true,
    idempotencyKey: 'optional',
  } as const;
  router.post('/', jsonRequest(), preconditions<Ctx>(create), async (ctx) => {
    const input = parseArticleInput(ctx.state.body);
    if (!input.ok) return invalid(ctx, input.detail);
    const key = ctx.state.precond?.idempotencyKey;
    if (key !== undefined) {
      const post = { key, method: ctx.method, path: ctx.originalUrl, body: ctx.state.body };
      return sendAnswer(ctx, await createArticleOnce(db.articles, input.value, post));
    }
    const article = await db.articles.create(input.value);
    sendWritten(ctx, article, toJson(article), `/api/articles/${article.id}`, 201);
  });

  router.get('/:id', preconditions({ loadValidators: existing, cacheFields: REVALIDATED }), async (ctx) => {
    const article = await db.articles.get(ctx.params.id!);
    if (!article) return notFound(ctx);
    sendRecord(ctx, article, toJson(article));
  });

  router.patch('/:id', jsonRequest(), preconditions(unsafe), async (ctx) => {
    const condition = writeCondition(ctx);
    if (!condition) return notFound(ctx);
    const changes = parseArticleInput(ctx.state.body, { partial: true, id: ctx.params.id });
    if (!changes.ok) return invalid(ctx, changes.detail);
    const article = await db.articles.update(ctx.params.id!, changes.value, condition);
    sendWritten(ctx, article, toJson(article), `/api/articles/${article.id}`);
  });

  router.put('/:id', jsonRequest(), preconditions({ ...unsafe, loadValidators: creatable }), async (ctx) => {
    if (!isResourceId(ctx.params.id) || !ctx.state.precond) return notFound(ctx);
    const input = parseArticleInput(ctx.state.body, { id: ctx.params.id });
    if (!input.ok) return invalid(ctx, input.detail);
    const put = { condition: writeCondition(ctx), content: ctx.state.content! };
    sendAnswer(ctx, await putArticle(db.articles, ctx.params.id!, input.value, put));
  });

  router.delete('/:id', preconditions(unsafe), async (ctx) => {
    const condition = writeCondition(ctx);
    if (!condition) return notFound(ctx);
    await db.articles.delete(ctx.params.id!, condition);
    ctx.status = 204;
  });

  // The body route loads the whole article in its loader, so that If-Range and the bytes sent are
  // about the very same version.
  const loaded = new WeakMap<object, ArticleRecord>();
  const withArticle = async (ctx: Ctx) => {
    const article = await db.articles.get(ctx.params.id ?? '');
    if (!article) return undefined;
    loaded.set(ctx, article);
    const { etag, lastModified, lastModifiedStrong } = article;
    return { exists: true, etag, lastModified, lastModifiedStrong };
  };
  router.get('/:id/body', preconditions({ loadValidators: withArticle, cacheFields: REVALIDATED }), (ctx) => {
    const article = loaded.get(ctx);
    if (!article) return notFound(ctx);
    const bytes = Buffer.from(article.body, 'utf8');
    const answer = byteRangeResponse({
      method: ctx.method,
      range: ctx.get('Range') || undefined,
      ignoreRange: ctx.state.precond?.ignoreRange,
      size: bytes.byteLength,
      instance: ctx.originalUrl,
    });
    if (answer.status === 416) {
      ctx.status = 416;
      ctx.set({ ...answer.headers, 'Cache-Control': 'no-store' });
      ctx.body = answer.body;
      return;
    }
    sendRecord(ctx, article, bytes.subarray(...answer.slice), answer.status);
    ctx.set(answer.headers);
    ctx.type = 'text/plain; charset=utf-8';
  });

  return router;
}
