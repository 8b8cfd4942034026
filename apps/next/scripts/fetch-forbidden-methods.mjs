// Preloaded into `next start` by scripts/start.mjs. The App Router hands a route a Fetch Request,
// and Fetch forbids the methods CONNECT, TRACE and TRACK (`new Request()` throws), so Next.js answers
// them with a bare 500 before any route runs. TRACE is one of RFC 9110's methods (§9.3.8): no route
// here can serve these, so they get 501 Not Implemented (RFC 9110 §15.6.2) as problem+json.
import { answerBeforeNext } from '../../../scripts/answer-before-next.mjs';

const FORBIDDEN = new Set(['CONNECT', 'TRACE', 'TRACK']);

answerBeforeNext((request) =>
  FORBIDDEN.has(request.method ?? '')
    ? { status: 501, title: 'Not Implemented', detail: `${request.method} is not supported by this server` }
    : undefined,
);
