import type { Database } from '@precond/domain';
import { sessionJson as toJson } from '@precond/domain';
import { preconditions } from '@precond/hono';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { methodNotAllowed, problem } from '../problem-responses.js';
import { sendRecord, sendWritten } from '../representation.js';

/** Sessions: start, read, touch (Last-Modified moves on), end with `If-Unmodified-Since` or `If-Match`. */
export function sessionRoutes(db: Database): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const id = (c: Context) => c.req.param('id') ?? '';
  const notFound = (c: Context) => problem(c, 404, `There is no session ${id(c)}`);
  const existing = async (c: Context) => {
    const validators = await db.sessions.validators(id(c));
    return validators.exists ? validators : undefined;
  };
  // An If-Match-only delete is decided by its compare-and-set alone (`deferIfMatch`).
  const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;

  // The collection has no representation (no GET): If-Match fails, `If-None-Match: *` holds.
  app.post('/', preconditions({ loadValidators: () => ({ exists: false }) }), async (c) => {
    const session = await db.sessions.create();
    return sendWritten(c, session, toJson(session), `/api/sessions/${session.id}`, 201);
  });
  app.all('/', methodNotAllowed(['POST']));

  app.get(
    '/:id',
    preconditions({ loadValidators: existing, cacheFields: { 'cache-control': 'no-cache' } }),
    async (c) => {
      const session = await db.sessions.get(id(c));
      if (!session) return notFound(c);
      return sendRecord(c, session, toJson(session));
    },
  );
  app.delete('/:id', preconditions(unsafe), async (c) => {
    const condition = c.var.precond.writeCondition;
    if (!condition) return notFound(c);
    await db.sessions.delete(id(c), condition);
    return c.body(null, 204);
  });
  app.all('/:id', methodNotAllowed(['GET', 'HEAD', 'DELETE']));

  // A touch is evaluated against the session, read only when the request carries a precondition
  // (`loadOnlyWhenConditional`);
  // then the touch is one compare-and-set with the evaluated tag (or the If-Match list, deferred),
  // so a touch in between fails it. Without one, it touches whatever version is current.
  const touchable = { loadValidators: existing, loadOnlyWhenConditional: true, deferIfMatch: true } as const;
  app.post('/:id/touch', preconditions(touchable), async (c) => {
    const session = await db.sessions.touch(id(c), c.var.precond.writeCondition);
    if (!session) return notFound(c);
    return sendWritten(c, session, toJson(session), `/api/sessions/${session.id}`);
  });
  app.all('/:id/touch', methodNotAllowed(['POST']));

  return app;
}
