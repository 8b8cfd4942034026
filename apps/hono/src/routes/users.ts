import type { Database } from '@precond/domain';
import { isResourceId, parseUserInput, putUser, userJson as toJson } from '@precond/domain';
import { preconditions } from '@precond/hono';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { jsonRequest } from '../json-request.js';
import { methodNotAllowed, problem } from '../problem-responses.js';
import { sendAnswer, sendRecord } from '../representation.js';

/** Users: safe creation with `If-None-Match: *` (never an overwrite), replacement with `If-Match`, reads. */
export function userRoutes(db: Database): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const name = (c: Context) => c.req.param('name') ?? '';
  const notFound = (c: Context) => problem(c, 404, `There is no user ${name(c)}`);
  const existing = async (c: Context) => {
    const validators = await db.users.validators(name(c));
    return validators.exists ? validators : undefined;
  };
  const creatable = (c: Context) => (isResourceId(name(c)) ? db.users.validators(name(c)) : undefined);

  app.get(
    '/:name',
    preconditions({ loadValidators: existing, cacheFields: { 'cache-control': 'no-cache' } }),
    async (c) => {
      const user = await db.users.get(name(c));
      if (!user) return notFound(c);
      return sendRecord(c, user, toJson(user));
    },
  );
  app.put(
    '/:name',
    jsonRequest(),
    // An If-Match-only replacement is decided by its compare-and-set alone (`deferIfMatch`).
    preconditions({ loadValidators: creatable, requirePreconditions: true, deferIfMatch: true }),
    async (c) => {
      if (!isResourceId(name(c))) return notFound(c);
      const input = parseUserInput(c.var.body, { name: name(c) });
      if (!input.ok) return problem(c, 422, input.detail);
      const put = { condition: c.var.precond.writeCondition, content: c.var.content };
      return sendAnswer(c, await putUser(db.users, name(c), input.value, put));
    },
  );
  app.all('/:name', methodNotAllowed(['GET', 'HEAD', 'PUT']));

  return app;
}
