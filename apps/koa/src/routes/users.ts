import type { RouterContext } from '@koa/router';
import Router from '@koa/router';
import type { Database } from '@precond/domain';
import { isResourceId, parseUserInput, putUser, userJson as toJson } from '@precond/domain';
import { preconditions } from '@precond/koa';
import { jsonRequest } from '../json-request.js';
import { sendProblem } from '../problem-responses.js';
import { REVALIDATED, sendAnswer, sendRecord } from '../representation.js';
import type { AppState } from '../state.js';

type Ctx = RouterContext<AppState>;

/** Users: safe creation with `If-None-Match: *` (never an overwrite), replacement with `If-Match`, reads. */
export function userRoutes(db: Database): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/users' });
  const notFound = (ctx: Ctx) => sendProblem(ctx, 404, `There is no user ${ctx.params.name}`);
  const existing = async (ctx: Ctx) => {
    const validators = await db.users.validators(ctx.params.name ?? '');
    return validators.exists ? validators : undefined;
  };
  const creatable = (ctx: Ctx) =>
    isResourceId(ctx.params.name) ? db.users.validators(ctx.params.name!) : undefined;

  router.get('/:name', preconditions({ loadValidators: existing, cacheFields: REVALIDATED }), async (ctx) => {
    const user = await db.users.get(ctx.params.name!);
    if (!user) return notFound(ctx);
    sendRecord(ctx, user, toJson(user));
  });

  router.put(
    '/:name',
    jsonRequest(),
    // An If-Match-only replacement is decided by its compare-and-set alone (`deferIfMatch`).
    preconditions({ loadValidators: creatable, requirePreconditions: true, deferIfMatch: true }),
    async (ctx) => {
      if (!isResourceId(ctx.params.name) || !ctx.state.precond) return notFound(ctx);
      const input = parseUserInput(ctx.state.body, { name: ctx.params.name });
      if (!input.ok) return sendProblem(ctx, 422, input.detail);
      const put = { condition: ctx.state.precond.writeCondition, content: ctx.state.content! };
      sendAnswer(ctx, await putUser(db.users, ctx.params.name!, input.value, put));
    },
  );

  return router;
}
