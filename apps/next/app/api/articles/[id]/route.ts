import { articleJson, isResourceId, parseArticleInput, processDatabase, putArticle } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { IdContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import type { WithBody } from '@/lib/json-request';
import { jsonRequest } from '@/lib/json-request';
import { otherMethods } from '@/lib/other-methods';
import { notFound, problemResponse } from '@/lib/problem';
import { answerResponse, recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

// GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
const existing = async (_request: Request, { params }: IdContext) => {
  const validators = await (await processDatabase()).articles.validators((await params).id);
  return validators.exists ? validators : undefined;
};

// PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
const creatable = async (_request: Request, { params }: IdContext) => {
  const { id } = await params;
  return isResourceId(id) ? (await processDatabase()).articles.validators(id) : undefined;
};

export const GET = apiRoute(
  withPreconditions(
    async (request, { params }: IdContext) => {
      const { id } = await params;
      const article = await (await processDatabase()).articles.get(id);
      if (!article) return notFound(request, `article ${id}`);
      return recordResponse(article, articleJson(article));
    },
    { loadValidators: existing },
  ),
);

// What a write's compare-and-set checks is `writeCondition`: the evaluated tag, or the request's own
// If-Match list when `deferIfMatch` left an If-Match-only write to the statement (one round trip, no
// validator read; a missing article is then the store's ResourceNotFoundError, a 404).
const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;

export const PATCH = apiRoute(
  jsonRequest(
    withPreconditions(async (request, { params, body }: WithBody<IdContext>, { writeCondition }) => {
      const { id } = await params;
      if (!writeCondition) return notFound(request, `article ${id}`);
      const changes = parseArticleInput(body, { partial: true, id });
      if (!changes.ok) return problemResponse(request, 422, changes.detail);
      const article = await (await processDatabase()).articles.update(id, changes.value, writeCondition);
      return recordResponse(article, articleJson(article), {
        path: `/api/articles/${article.id}`,
        status: 200,
      });
    }, unsafe),
  ),
);

export const PUT = apiRoute(
  jsonRequest(
    withPreconditions(
      async (request, { params, body, content }: WithBody<IdContext>, { validators, writeCondition }) => {
        const { id } = await params;
        if (!isResourceId(id) || (!validators && !writeCondition)) return notFound(request, `article ${id}`);
        const input = parseArticleInput(body, { id });
        if (!input.ok) return problemResponse(request, 422, input.detail);
        const put = { condition: writeCondition, content };
        return answerResponse(await putArticle((await processDatabase()).articles, id, input.value, put));
      },
      { ...unsafe, loadValidators: creatable },
    ),
  ),
);

export const DELETE = apiRoute(
  withPreconditions(async (request, { params }: IdContext, { writeCondition }) => {
    const { id } = await params;
    if (!writeCondition) return notFound(request, `article ${id}`);
    await (await processDatabase()).articles.delete(id, writeCondition);
    return new Response(null, { status: 204 });
  }, unsafe),
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD', 'PATCH', 'PUT', 'DELETE');

export { notAllowed as POST, OPTIONS };
