import type { Database } from '@precond/domain';
import { isResourceId, parseUserInput, putUser, userJson as toJson } from '@precond/domain';
import { preconditions } from '@precond/express';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { jsonRequest } from '../json-request.js';
import { methodNotAllowed, sendProblem } from '../problem-responses.js';
import { sendAnswer, sendRecord } from '../representation.js';

/** Users: safe creation with `If-None-Match: *` (never an overwrite), replacement with `If-Match`, reads. */
export function userRoutes(db: Database): Router {
  const router = Router();
  const name = (req: Request) => String(req.params.name);
  const notFound = (req: Request, res: Response) => sendProblem(res, 404, `There is no user ${name(req)}`);
  const existing = async (req: Request) => {
    const validators = await db.users.validators(name(req));
    return validators.exists ? validators : undefined;
  };
  const creatable = (req: Request) => (isResourceId(name(req)) ? db.users.validators(name(req)) : undefined);

  router
    .route('/:name')
    .get(preconditions({ loadValidators: existing }), async (req, res) => {
      const user = await db.users.get(name(req));
      if (!user) return notFound(req, res);
      sendRecord(res, user, toJson(user));
    })
    .put(
      jsonRequest(),
      // An If-Match-only replacement is decided by its compare-and-set alone (`deferIfMatch`).
      preconditions({ loadValidators: creatable, requirePreconditions: true, deferIfMatch: true }),
      async (req, res) => {
        if (!isResourceId(name(req)) || !res.locals.precond) return notFound(req, res);
        const input = parseUserInput(res.locals.body, { name: name(req) });
        if (!input.ok) return sendProblem(res, 422, input.detail);
        const put = { condition: res.locals.precond.writeCondition, content: res.locals.content! };
        sendAnswer(res, await putUser(db.users, name(req), input.value, put));
      },
    )
    .all(methodNotAllowed(['GET', 'HEAD', 'PUT']));

  return router;
}
