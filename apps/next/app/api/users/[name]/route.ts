import { isResourceId, parseUserInput } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { NameContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import { database } from '@/lib/database';
import type { WithBody } from '@/lib/json-request';
import { jsonRequest } from '@/lib/json-request';
import { otherMethods } from '@/lib/other-methods';
import { notFound, problemResponse } from '@/lib/problem';
import { recordResponse, userJson } from '@/lib/representation';

export const runtime = 'nodejs';

const existing = async (_request: Request, { params }: NameContext) => {
  const validators = await (await database()).users.validators((await params).name);
  return validators.exists ? validators : undefined;
};

// Safe creation: a missing user is `{ exists: false }`, so `If-None-Match: *` proceeds, and never
// overwrites one that exists (412).
const creatable = async (_request: Request, { params }: NameContext) => {
  const { name } = await params;
  return isResourceId(name) ? (await database()).users.validators(name) : undefined;
};

export const GET = apiRoute(
  withPreconditions(
    async (request, { params }: NameContext) => {
      const { name } = await params;
      const user = await (await database()).users.get(name);
      if (!user) return notFound(request, `user ${name}`);
      return recordResponse(user, userJson(user));
    },
    { validators: existing },
  ),
);

export const PUT = apiRoute(
  jsonRequest(
    withPreconditions(
      async (request, { params, body }: WithBody<NameContext>, { validators }) => {
        const { name } = await params;
        if (!validators) return notFound(request, `user ${name}`);
        const input = parseUserInput(body, { name });
        if (!input.ok) return problemResponse(request, 422, input.detail);
        const users = (await database()).users;
        if (validators.exists) {
          const user = await users.replace(name, input.value, validators.etag ?? '');
          return recordResponse(user, userJson(user));
        }
        const user = await users.insert(name, input.value);
        return recordResponse(user, userJson(user), { location: `/api/users/${user.name}` });
      },
      { validators: creatable, requirePreconditions: true },
    ),
  ),
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD', 'PUT');

export { notAllowed as DELETE, notAllowed as PATCH, notAllowed as POST, OPTIONS };
