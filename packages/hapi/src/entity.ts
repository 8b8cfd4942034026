import type { Request, ResponseObject } from '@hapi/hapi';

/** The options a handler gave `h.entity()`, which hapi keeps on the request (not public API). */
interface RecordedEntity {
  readonly etag?: string | undefined;
  readonly modified?: string | undefined;
  readonly vary?: boolean | undefined;
}

type EntityRequest = Request & { _entity?: RecordedEntity | null };

function recordedEntity(request: Request): RecordedEntity | null | undefined {
  return (request as EntityRequest)._entity;
}

/**
 * Keeps hapi from putting `h.entity()`'s validators on an answer precond gives in place of the
 * handler's response (a 412 carries the current ETag itself): hapi's 304 check runs on them after
 * `onPreResponse`, and would turn a 412 whose `If-None-Match` names the tag into a 304.
 */
export function forgetEntity(request: Request): void {
  if (recordedEntity(request)) (request as EntityRequest)._entity = null;
}

/**
 * Puts the validators a handler gave `h.entity()` on its response, as hapi itself does — only hapi
 * does it while marshalling, after `onPreResponse`, where precond would already have tagged over
 * them and evaluated the wrong validators. (When `h.entity()` found the request unmodified, the
 * handler returned hapi's 304, which gets them too.)
 */
export function adoptEntity(request: Request, response: ResponseObject): void {
  const entity = recordedEntity(request);
  if (!entity) return;
  if (entity.etag && !response.headers.etag) {
    response.etag(entity.etag, { weak: false, vary: entity.vary !== false });
  }
  if (entity.modified && !response.headers['last-modified']) {
    response.header('last-modified', entity.modified);
  }
}
