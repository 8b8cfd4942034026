import { isResourceId, parseUserInput, processDatabase, putUser, userJson } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { NameContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import type { WithBody } from '@/lib/json-request';
import { jsonRequest } from '@/lib/json-request';
import { otherMethods } from '@/lib/other-methods';
import { notFound, problemResponse } from '@/lib/problem';
import { answerResponse, recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

const existing = async (_request: Request, { params }: NameContext) => {
  const validators = await (await processDatabase()).users.validators((await params).name);
  return validators.exists ? validators : undefined;
};

// Safe creation: a missing user is `{ exists: false }`, so `If-None-Match: *` proceeds, and never
// overwrites one that exists (412).
const creatable = async (_request: Request, { params }: NameContext) => {
  const { name } = await params;
  return isResourceId(name) ? (await processDatabase()).users.validators(name) : undefined;
};

export const GET = apiRoute(
  withPreconditions(
    async (request, { params }: NameContext) => {
      const { name } = await params;
      const user = await (await processDatabase()).users.get(name);
      if (!user) return notFound(request, `user ${name}`);
      return recordResponse(user, userJson(user));
    },
    { loadValidators: existing },
  ),
);

export const PUT = apiRoute(
  jsonRequest(
    withPreconditions(
      async (request, { params, body, content }: WithBody<NameContext>, { validators, writeCondition }) => {
        const { name } = await params;
        if (!isResourceId(name) || (!validators && !writeCondition)) return notFound(request, `user ${name}`);
        const input = parseUserInput(body, { name });
        if (!input.ok) return problemResponse(request, 422, input.detail);
        const put = { condition: writeCondition, content };
        return answerResponse(await putUser((await processDatabase()).users, name, input.value, put));
      },
      // An If-Match-only replacement is decided by its compare-and-set alone.
      { loadValidators: creatable, requirePreconditions: true, deferIfMatch: true },
    ),
  ),
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD', 'PUT');

export { notAllowed as DELETE, notAllowed as PATCH, notAllowed as POST, OPTIONS };
