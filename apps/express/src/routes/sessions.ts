import type { Database } from '@precond/domain';
import { sessionJson as toJson } from '@precond/domain';
import { preconditions } from '@precond/express';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { methodNotAllowed, sendProblem } from '../problem-responses.js';
import { sendRecord, sendWritten } from '../representation.js';

/** Sessions: start, read, touch (Last-Modified moves on), end with `If-Unmodified-Since` or `If-Match`. */
export function sessionRoutes(db: Database): Router {
  const router = Router();
  const id = (req: Request) => String(req.params.id);
  const notFound = (req: Request, res: Response) => sendProblem(res, 404, `There is no session ${id(req)}`);
  const existing = async (req: Request) => {
    const validators = await db.sessions.validators(id(req));
    return validators.exists ? validators : undefined;
  };
  // An If-Match-only delete is decided by its compare-and-set alone (`deferIfMatch`).
  const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;

  // The collection has no representation (no GET): If-Match fails, `If-None-Match: *` holds.
  const collection = { loadValidators: () => ({ exists: false }) };
  // A touch is evaluated against the session, read only when the request carries a precondition
  // (`loadOnlyWhenConditional`);
  // then the touch is one compare-and-set with the evaluated tag (or the If-Match list, deferred),
  // so a touch in between fails it. Without one, it touches whatever version is current.
  const touchable = {
    loadValidators: existing,
    loadOnlyWhenConditional: true,
    deferIfMatch: true,
  };

  router
    .route('/')
    .post(preconditions(collection), async (_req, res) => {
      const session = await db.sessions.create();
      sendWritten(res, session, toJson(session), `/api/sessions/${session.id}`, 201);
    })
    .all(methodNotAllowed(['POST']));

  router
    .route('/:id')
    .get(preconditions({ loadValidators: existing }), async (req, res) => {
      const session = await db.sessions.get(id(req));
      if (!session) return notFound(req, res);
      sendRecord(res, session, toJson(session));
    })
    .delete(preconditions(unsafe), async (req, res) => {
      const condition = res.locals.precond?.writeCondition;
      if (!condition) return notFound(req, res);
      await db.sessions.delete(id(req), condition);
      res.status(204).end();
    })
    .all(methodNotAllowed(['GET', 'HEAD', 'DELETE']));

  router
    .route('/:id/touch')
    .post(preconditions(touchable), async (req, res) => {
      const session = await db.sessions.touch(id(req), res.locals.precond?.writeCondition);
      if (!session) return notFound(req, res);
      sendWritten(res, session, toJson(session), `/api/sessions/${session.id}`);
    })
    .all(methodNotAllowed(['POST']));

  return router;
}
