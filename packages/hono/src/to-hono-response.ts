import type { Context } from 'hono';

/**
 * Makes `response` the context's response as it is. Hono's `c.res` setter copies the fields of the
 * response it replaces onto the new one (a handler's `Content-Length` would land on a 304), so the
 * old one is cleared first. Nothing is done when `response` already is the context's.
 */
export function replaceResponse(c: Context, response: Response): void {
  if (response === c.res) return;
  c.res = undefined;
  c.res = response;
}
