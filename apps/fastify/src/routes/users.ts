import type { Database } from '@precond/domain';
import { isResourceId, parseUserInput, putUser, userJson as toJson } from '@precond/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonRequest, requestContent } from '../json-request.js';
import { sendProblem } from '../problem-responses.js';
import { sendAnswer, sendRecord } from '../representation.js';

const nameOf = (request: FastifyRequest) => (request.params as { name?: string }).name ?? '';

/** Users: safe creation with `If-None-Match: *` (never an overwrite), replacement with `If-Match`, reads. */
export function userRoutes(app: FastifyInstance, db: Database): void {
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(reply, 404, `There is no user ${nameOf(request)}`);
  const existing = async (request: FastifyRequest) => {
    const validators = await db.users.validators(nameOf(request));
    return validators.exists ? validators : undefined;
  };
  const creatable = (request: FastifyRequest) =>
    isResourceId(nameOf(request)) ? db.users.validators(nameOf(request)) : undefined;

  app.get(
    '/api/users/:name',
    { config: { precond: { loadValidators: existing } } },
    async (request, reply) => {
      const user = await db.users.get(nameOf(request));
      if (!user) return notFound(request, reply);
      return sendRecord(reply, user, toJson(user));
    },
  );

  // An If-Match-only replacement is decided by its compare-and-set alone (`deferIfMatch`).
  const precond = { loadValidators: creatable, requirePreconditions: true, deferIfMatch: true };
  app.put('/api/users/:name', { preValidation: jsonRequest, config: { precond } }, async (request, reply) => {
    const name = nameOf(request);
    if (!isResourceId(name) || !request.precond) return notFound(request, reply);
    const input = parseUserInput(request.body, { name });
    if (!input.ok) return sendProblem(reply, 422, input.detail);
    const put = { condition: request.precond.writeCondition, content: requestContent(request) };
    return sendAnswer(reply, await putUser(db.users, name, input.value, put));
  });
}
