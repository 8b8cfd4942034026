import { isResourceId, parseUserInput, processDatabase, putUser, userJson } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import type { NextApiRequest } from 'next';
import { apiRoute, paramOf } from '@/lib/api-route';
import { jsonRequest, requestContent } from '@/lib/json-request';
import { sendNotFound, sendProblem } from '@/lib/problem';
import { sendAnswer, sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

const nameOf = (req: NextApiRequest) => paramOf(req.query, 'name');

const existing = async (req: NextApiRequest) => {
  const validators = await (await processDatabase()).users.validators(nameOf(req));
  return validators.exists ? validators : undefined;
};

// Safe creation: a missing user is `{ exists: false }`, so `If-None-Match: *` proceeds, and never
// overwrites one that exists (412).
const creatable = async (req: NextApiRequest) =>
  isResourceId(nameOf(req)) ? (await processDatabase()).users.validators(nameOf(req)) : undefined;

export default apiRoute({
  GET: withPreconditionsApi(
    async (req, res) => {
      const user = await (await processDatabase()).users.get(nameOf(req));
      if (!user) return sendNotFound(req, res, `user ${nameOf(req)}`);
      sendRecord(res, user, userJson(user));
    },
    { loadValidators: existing },
  ),

  PUT: jsonRequest(
    withPreconditionsApi(
      async (req, res, { validators, writeCondition }) => {
        if (!isResourceId(nameOf(req)) || (!validators && !writeCondition)) {
          return sendNotFound(req, res, `user ${nameOf(req)}`);
        }
        const input = parseUserInput(req.body, { name: nameOf(req) });
        if (!input.ok) return sendProblem(req, res, 422, input.detail);
        const put = { condition: writeCondition, content: requestContent(req) };
        sendAnswer(res, await putUser((await processDatabase()).users, nameOf(req), input.value, put));
      },
      // An If-Match-only replacement is decided by its compare-and-set alone.
      { loadValidators: creatable, requirePreconditions: true, deferIfMatch: true },
    ),
  ),
});
