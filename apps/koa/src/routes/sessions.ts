import type { RouterContext } from '@koa/router';
import Router from '@koa/router';
import type { Database } from '@precond/domain';
import { sessionJson as toJson } from '@precond/domain';
import { preconditions } from '@precond/koa';
import { sendProblem } from '../problem-responses.js';
import { REVALIDATED, sendRecord, sendWritten } from '../representation.js';
import type { AppState } from '../state.js';

type Ctx = RouterContext<AppState>;

/** Sessions: start, read, touch (Last-Modified moves on), end with `If-Unmodified-Since` or `If-Match`. */
export function sessionRoutes(db: Database): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/sessions' });
  const notFound = (ctx: Ctx) => sendProblem(ctx, 404, `There is no session ${ctx.params.id}`);
  const existing = async (ctx: Ctx) => {
    const validators = await db.sessions.validators(ctx.params.id ?? '');
    return validators.exists ? validators : undefined;
  };

  // The collection has no representation (no GET): If-Match fails, `If-None-Match: *` holds.
  router.post('/', preconditions({ loadValidators: () => ({ exists: false }) }), async (ctx) => {
    const session = await db.sessions.create();
    sendWritten(ctx, session, toJson(session), `/api/sessions/${session.id}`, 201);
  });

  router.get('/:id', preconditions({ loadValidators: existing, cacheFields: REVALIDATED }), async (ctx) => {
    const session = await db.sessions.get(ctx.params.id!);
    if (!session) return notFound(ctx);
    sendRecord(ctx, session, toJson(session));
  });

  // A touch is evaluated against the session, read only when the request carries a precondition
  // (`loadOnlyWhenConditional`);
  // then the touch is one compare-and-set with the evaluated tag (or the If-Match list, deferred),
  // so a touch in between fails it. Without one, it touches whatever version is current.
  const touchable = { loadValidators: existing, loadOnlyWhenConditional: true, deferIfMatch: true } as const;
  router.post('/:id/touch', preconditions(touchable), async (ctx) => {
    const session = await db.sessions.touch(ctx.params.id!, ctx.state.precond?.writeCondition);
    if (!session) return notFound(ctx);
    sendWritten(ctx, session, toJson(session), `/api/sessions/${session.id}`);
  });

  // An If-Match-only delete is decided by its compare-and-set alone (`deferIfMatch`).
  const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;
  router.delete('/:id', preconditions(unsafe), async (ctx) => {
    const condition = ctx.state.precond?.writeCondition;
    if (!condition) return notFound(ctx);
    await db.sessions.delete(ctx.params.id!, condition);
    ctx.status = 204;
  });

  return router;
}
