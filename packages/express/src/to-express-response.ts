import type { ServerResponse } from 'node:http';
import type { PreconditionResponse } from '@precond/core/adapter';
import { isDroppedFromPreconditionResponse } from '@precond/core/adapter';

/**
 * Writes a 304, 412 or 428 decided by core onto the response and ends it. Of the fields already set
 * (by earlier middleware, or by the handler after the fact) it keeps those core's rule keeps — on a
 * 304 all but content fields, on a 412/428 all but content, caching and validator fields, so
 * `Set-Cookie`, `Vary` and CORS fields stay — and core's fields win. `end` is the response's own
 * `end`, for when `res.end` is taken over.
 */
export function writeAnswer(
  res: ServerResponse,
  answer: PreconditionResponse,
  end: ServerResponse['end'] = res.end.bind(res),
  callback?: () => void,
): void {
  for (const name of res.getHeaderNames()) {
    if (isDroppedFromPreconditionResponse(answer.status, name)) res.removeHeader(name);
  }
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.statusCode = answer.status;
  if (answer.body === null) {
    end(callback);
    return;
  }
  res.setHeader('content-length', Buffer.byteLength(answer.body));
  end(answer.body, callback);
}
