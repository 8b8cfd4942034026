import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import type { NextApiRequest } from 'next';
import { apiRoute, paramOf } from '@/lib/api-route';
import { sendNotFound } from '@/lib/problem';
import { sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

// Evaluated against the session, read only when the request carries a precondition
// (`loadOnlyWhenConditional`); then the touch
// is one compare-and-set with the evaluated tag (or the If-Match list, deferred), so a touch in
// between fails it. Without one, it touches whatever version is current.
const touchable = async (req: NextApiRequest) => {
  const validators = await (await processDatabase()).sessions.validators(paramOf(req.query, 'id'));
  return validators.exists ? validators : undefined;
};

export default apiRoute({
  // Touches a session (no body): a new ETag and the Last-Modified of now.
  POST: withPreconditionsApi(
    async (req, res, { writeCondition }) => {
      const id = paramOf(req.query, 'id');
      const session = await (await processDatabase()).sessions.touch(id, writeCondition);
      if (!session) return sendNotFound(req, res, `session ${id}`);
      sendRecord(res, session, sessionJson(session), { path: `/api/sessions/${session.id}`, status: 200 });
    },
    { loadValidators: touchable, loadOnlyWhenConditional: true, deferIfMatch: true },
  ),
});
