import type { NextApiRequest, NextApiResponse } from 'next';
import { sendProblem } from '@/lib/problem';

export const config = { api: { bodyParser: false } };

// Any other path under /api, and /api itself: 404 problem+json for every method, where Next would
// answer with its HTML not-found page.
export default function notFound(req: NextApiRequest, res: NextApiResponse): void {
  sendProblem(req, res, 404, 'There is no resource at this path');
}
