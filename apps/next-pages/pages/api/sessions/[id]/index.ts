import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import type { NextApiRequest } from 'next';
import { apiRoute, paramOf } from '@/lib/api-route';
import { sendNotFound } from '@/lib/problem';
import { sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

const idOf = (req: NextApiRequest) => paramOf(req.query, 'id');

const existing = async (req: NextApiRequest) => {
  const validators = await (await processDatabase()).sessions.validators(idOf(req));
  return validators.exists ? validators : undefined;
};

export default apiRoute({
  GET: withPreconditionsApi(
    async (req, res) => {
      const session = await (await processDatabase()).sessions.get(idOf(req));
      if (!session) return sendNotFound(req, res, `session ${idOf(req)}`);
      sendRecord(res, session, sessionJson(session));
    },
    { loadValidators: existing },
  ),

  // Ends a session, with `If-Unmodified-Since` (or `If-Match`): 412 if it was touched since.
  DELETE: withPreconditionsApi(
    async (req, res, { writeCondition }) => {
      if (!writeCondition) return sendNotFound(req, res, `session ${idOf(req)}`);
      await (await processDatabase()).sessions.delete(idOf(req), writeCondition);
      res.status(204).end();
    },
    // An If-Match-only delete is decided by its compare-and-set alone.
    { loadValidators: existing, requirePreconditions: true, deferIfMatch: true },
  ),
});
