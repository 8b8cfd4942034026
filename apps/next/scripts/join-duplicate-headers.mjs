// Preloaded into `next start` by scripts/start.mjs. Next.js builds an App Router route's Request from
// Node's header record, which keeps only the first of two If-Modified-Since (or If-Unmodified-Since)
// lines, and route handlers never see Node's raw lines. With `joinDuplicateHeaders` Node joins them with
// a comma as RFC 9110 §5.3 combines field lines, so precond sees a date of two members and ignores it
// (RFC 9110 §13.1.3, §13.1.4). `next start` has no option for it; a custom server would pass it itself.
import http from 'node:http';

const createServer = http.createServer;
http.createServer = (options, listener) =>
  typeof options === 'function' || options === undefined
    ? createServer({ joinDuplicateHeaders: true }, options)
    : createServer({ ...options, joinDuplicateHeaders: true }, listener);
