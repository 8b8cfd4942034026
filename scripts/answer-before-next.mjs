// What the Next.js apps' preloads share: answering a request with a problem+json (RFC 9457) before
// Next.js sees it, for requests Next.js itself would answer with a 500 or an HTML page.
import http from 'node:http';

/**
 * Wraps every request listener `http.createServer` is given: a request `answer` returns a problem
 * for, `{ status, title, detail }`, gets it at once and never reaches Next.js; for any other,
 * `answer` may first put right what Next.js would misread (its `url`).
 * @param {(request: http.IncomingMessage) => { status: number, title: string, detail: string } | undefined} answer
 */
export function answerBeforeNext(answer) {
  const createServer = http.createServer;
  const guarded = (listener) => (request, response) => {
    const problem = answer(request);
    if (problem === undefined) return listener(request, response);
    const body = JSON.stringify({ type: 'about:blank', ...problem, instance: request.url });
    response.writeHead(problem.status, {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  };
  http.createServer = (options, listener) =>
    typeof options === 'function'
      ? createServer(guarded(options))
      : createServer(options, listener && guarded(listener));
}
