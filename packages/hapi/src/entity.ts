import type { Request, ResponseObject } from '@hapi/hapi';

/** The options a handler gave `h.entity()`, which hapi keeps on the request (not public API). */
interface RecordedEntity {
  readonly etag?: string | undefined;
  readonly modified?: string | undefined;
  readonly vary?: boolean | undefined;
}

/**
 * Puts the validators a handler gave `h.entity()` on its response, as hapi itself does — only hapi
 * does it while marshalling, after `onPreResponse`, where precond would already have tagged over
 * them and evaluated the wrong validators. (When `h.entity()` found the request unmodified, the
 * handler returned hapi's 304, which precond leaves alone.)
 */
export function adoptEntity(request: Request, response: ResponseObject): void {
  const entity = (request as Request & { _entity?: RecordedEntity | null })._entity;
  if (!entity) return;
  if (entity.etag && !response.headers.etag) {
    response.etag(entity.etag, { weak: false, vary: entity.vary !== false });
  }
  if (entity.modified && !response.headers['last-modified']) {
    response.header('last-modified', entity.modified);
  }
}
