/**
 * What the client remembers of a 2xx answer: which resource it names, and which validators and body
 * the client may later send back as preconditions or serve on a 304.
 *
 * @module
 */

import type { CachedRepresentation } from './validator-cache.js';
import { validatorsOf } from './validators.js';

/** A 2xx answer, and what the request that got it sent. */
export interface AnsweredRequest {
  readonly method: string;
  /** The request's absolute URL (its target URI). */
  readonly url: string;
  readonly response: Response;
  /** The answer's body, read whole. */
  readonly text: string;
  /** The request's content and its `Content-Type`, if it had any. */
  readonly sent?: { readonly text: string | undefined; readonly contentType: string } | undefined;
}

/**
 * `resource`: the URL the answer speaks about (a POST's `Location`; `undefined` when a POST has
 * none). `entry`: what to remember for it, or `undefined` to forget it.
 */
export interface RememberedAnswer {
  readonly resource: string | undefined;
  readonly entry: CachedRepresentation | undefined;
}

/** Whether a response may be remembered at all (RFC 9111 §5.2.2.5). */
function isNoStore(response: Response): boolean {
  const directives = response.headers.get('cache-control')?.split(',') ?? [];
  return directives.some((directive) => directive.trim().toLowerCase() === 'no-store');
}

/** Whether the answer's `Content-Location` names `resource` (RFC 9110 §8.7), relative to the request's `url`. */
function namesResource(response: Response, url: string, resource: string): boolean {
  const contentLocation = response.headers.get('content-location');
  if (contentLocation === null) return false;
  try {
    return new URL(contentLocation, url).href === resource;
  } catch {
    return false;
  }
}

/** The resource a POST created (its `Location`, RFC 9110 §15.3.2), if the answer names one. */
function createdResource(response: Response, url: string): string | undefined {
  const location = response.headers.get('location');
  if (location === null) return undefined;
  try {
    return new URL(location, url).href;
  } catch {
    return undefined;
  }
}

/**
 * Whether a 2xx answer's body is the representation of the resource it speaks about: a GET's 200, or a
 * write's 200/201 whose `Content-Location` names that resource (RFC 9110 §6.4.2, §8.7; for a POST, the
 * created resource at its `Location`). Any other body may be a report about the request
 * (`{"status":"updated"}`).
 */
export function showsResource({ method, url, response, text }: AnsweredRequest): boolean {
  if (text === '') return false;
  if (method === 'GET') return response.status === 200;
  const resource = method === 'POST' ? createdResource(response, url) : url;
  return (
    resource !== undefined &&
    (response.status === 200 || response.status === 201) &&
    namesResource(response, url, resource)
  );
}

/**
 * What to remember of a 2xx answer (RFC 9110 §6.4.2, §8.7, §8.8, §9.3.4):
 *
 * - A GET's 200 is the representation; remembered when a validator names it.
 * - A write's body is the resource's representation only when `Content-Location` names the resource
 *   (for a POST, the created resource at its `Location`); otherwise it may be a report about the
 *   request (`{"status":"updated"}`) and is never served as the resource.
 * - A write's validators name the version it left (RFC 9110 §8.8: an `ETag` in a 2xx to a write is the
 *   new version's). They are kept even without a body to serve, with the body when it is known: the
 *   representation, or for a PUT the content it sent — a PUT answer carries validators only when it
 *   stored that content unchanged (§9.3.4). A PATCH's with no representation leaves the body unknown.
 * - A PUT or PATCH answered without validators is a version this client wrote that no tag names: it is
 *   remembered without validators, with the representation or PUT content when known, so that the next
 *   write reads first instead of going out unconditionally.
 * - A DELETE, or `Cache-Control: no-store`, forgets the resource.
 */
export function rememberedAnswer({ method, url, response, text, sent }: AnsweredRequest): RememberedAnswer {
  const resource = method === 'POST' ? createdResource(response, url) : url;
  if (resource === undefined || method === 'DELETE' || isNoStore(response))
    return { resource, entry: undefined };
  const { etag, lastModified } = validatorsOf(response.headers);
  const named = etag !== undefined || lastModified !== undefined;
  const contentType = response.headers.get('content-type') ?? undefined;
  if (method === 'GET') {
    const entry =
      response.status === 200 && named ? { etag, lastModified, contentType, body: text } : undefined;
    return { resource, entry };
  }
  if (showsResource({ method, url, response, text })) {
    return { resource, entry: { etag, lastModified, contentType, body: text } };
  }
  if (method === 'PUT' && sent?.text !== undefined) {
    return { resource, entry: { etag, lastModified, contentType: sent.contentType, body: sent.text } };
  }
  const wroteResource = method === 'PUT' || method === 'PATCH';
  if (!wroteResource && !named) return { resource, entry: undefined };
  return { resource, entry: { etag, lastModified, contentType: undefined, body: undefined } };
}
