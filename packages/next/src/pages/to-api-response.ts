import type { ServerResponse } from 'node:http';
import type { PreconditionResponse } from '@precond/core';
import { isDroppedFromNotModified } from '@precond/core';

/**
 * Writes a 304, 412 or 428 decided by core onto a Node response and ends it. Content fields
 * already set are dropped and core's fields win; the rest stay (`Cache-Control`, `Vary`,
 * `Set-Cookie`, CORS fields — some set by middleware, not by the handler). `end` is the response's
 * own `end`, for when `res.end` is taken over.
 */
export function writeAnswer(
  res: ServerResponse,
  answer: PreconditionResponse,
  end: ServerResponse['end'] = res.end.bind(res),
  callback?: () => void,
): void {
  for (const name of res.getHeaderNames()) {
    if (isDroppedFromNotModified(name)) res.removeHeader(name);
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
