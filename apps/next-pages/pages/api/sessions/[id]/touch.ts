import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import { apiRoute, paramOf } from '@/lib/api-route';
import { sendNotFound } from '@/lib/problem';
import { sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

export default apiRoute({
  // Touches a session (no body, no precondition): a new ETag and the Last-Modified of now.
  POST: withPreconditionsApi(async (req, res) => {
    const id = paramOf(req.query, 'id');
    const session = await (await processDatabase()).sessions.touch(id);
    if (!session) return sendNotFound(req, res, `session ${id}`);
    sendRecord(res, session, sessionJson(session));
  }),
});
