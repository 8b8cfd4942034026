import { problemResponse } from '@/lib/problem';

// Any other path under /api, and /api itself: 404 problem+json for every method, where Next would
// answer with its HTML not-found page (and OPTIONS with 204).
const notFound = async (request: Request) =>
  problemResponse(request, 404, 'There is no resource at this path');

export {
  notFound as DELETE,
  notFound as GET,
  notFound as OPTIONS,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
