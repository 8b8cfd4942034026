// Preloaded into `next start` by start-next-app.mjs. A path under /api/ that is no valid
// percent-encoding (`/api/articles/%ZZ`) makes Next.js fail while decoding the route's parameters:
// the App Router answers 500, the Pages Router its HTML 400 page. It is the client's error, and every
// error of the sample API is problem+json: 400 here, as the Express, Fastify and hapi apps answer it.
import { answerBeforeNext } from './answer-before-next.mjs';

/** Whether a request target's path cannot be percent-decoded. */
function isMalformedPath(url) {
  const path = url.split('?', 1)[0];
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

answerBeforeNext((request) =>
  request.url?.startsWith('/api/') && isMalformedPath(request.url)
    ? { status: 400, title: 'Bad Request', detail: 'The path is no valid percent-encoding' }
    : undefined,
);
