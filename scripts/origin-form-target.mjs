// Preloaded into `next start` by start-next-app.mjs. RFC 9112 §3.2.2: a server MUST accept a request
// target in absolute-form (`GET http://host/api/articles/1 HTTP/1.1`, what clients send a proxy). Node
// keeps it as the request's `url`, and Next.js answers it with a 308 to that same URL, so a
// conditional GET got a redirect rather than its 304. The target becomes its origin-form (path and
// query) before Next.js reads it; the Host field is what names the server.
import { answerBeforeNext } from './answer-before-next.mjs';

answerBeforeNext((request) => {
  const target = request.url ?? '/';
  if (target.startsWith('/') || target === '*') return undefined;
  try {
    const { pathname, search } = new URL(target);
    request.url = `${pathname}${search}`;
  } catch {
    // Not a URL either: Next.js answers it as it would.
  }
  return undefined;
});
