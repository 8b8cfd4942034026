import type { Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import type { Database } from '@precond/domain';
import { isResourceId, parseUserInput, putUser, userJson as toJson } from '@precond/domain';
import { jsonRequest } from '../json-request.js';
import { problemResponse } from '../problem-responses.js';
import { answerResponse, recordResponse } from '../representation.js';

const nameOf = (request: Request) => String(request.params.name);

/** Users: safe creation with `If-None-Match: *` (never an overwrite), replacement with `If-Match`, reads. */
export function userRoutes(db: Database): ServerRoute[] {
  const notFound = (request: Request, h: ResponseToolkit) =>
    problemResponse(request, h, 404, `There is no user ${nameOf(request)}`);
  const existing = async (request: Request) => {
    const validators = await db.users.validators(nameOf(request));
    return validators.exists ? validators : undefined;
  };
  const creatable = (request: Request) =>
    isResourceId(nameOf(request)) ? db.users.validators(nameOf(request)) : undefined;

  return [
    {
      method: 'GET',
      path: '/api/users/{name}',
      options: { plugins: { precond: { loadValidators: existing } } },
      handler: async (request, h) => {
        const user = await db.users.get(nameOf(request));
        if (!user) return notFound(request, h);
        return recordResponse(h, user, toJson(user));
      },
    },
    {
      method: 'PUT',
      path: '/api/users/{name}',
      options: {
        ...jsonRequest,
        // An If-Match-only replacement is decided by its compare-and-set alone (`deferIfMatch`).
        plugins: { precond: { loadValidators: creatable, requirePreconditions: true, deferIfMatch: true } },
      },
      handler: async (request, h) => {
        const precond = request.plugins.precond;
        if (!isResourceId(nameOf(request)) || !precond) return notFound(request, h);
        const input = parseUserInput(request.app.body, { name: nameOf(request) });
        if (!input.ok) return problemResponse(request, h, 422, input.detail);
        const put = { condition: precond.writeCondition, content: request.app.content! };
        return answerResponse(h, await putUser(db.users, nameOf(request), input.value, put));
      },
    },
  ];
}
