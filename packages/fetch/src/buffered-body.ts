import type { RecordedBody } from './json.js';
import { knownBodyOf } from './json.js';

/**
 * The largest body, by its declared `Content-Length`, that after-the-fact generation reads back to
 * hash. Above it a body is treated like a stream: a file download should carry its own validator.
 */
export const HASHED_LENGTH_LIMIT = 1024 * 1024;

function declaredLength(response: Response): number | undefined {
  const value = response.headers.get('content-length')?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * The bytes of a response body when they can be had without waiting on a live stream: those
 * `json()` / `text()` recorded, none at all (a `null` body, to any method but HEAD), or a body that
 * declares a `Content-Length` of at most {@link HASHED_LENGTH_LIMIT}, read whole (which consumes
 * `response`). A HEAD response without a body (`serveStatic`'s, an explicit `HEAD` export's) says
 * nothing of the GET's bytes: tagging it as empty would give HEAD a strong tag the GET never has
 * (RFC 9110 §9.3.2), so it is left untagged.
 *
 * Every other body is left alone. A Fetch `Response` exposes every body, even one built from a
 * string, as a `ReadableStream`, and nothing tells a string's stream from a live one (server-sent
 * events, a proxied download): reading it could hold the response until the stream ends.
 */
export async function bufferedBody(response: Response, method: string): Promise<RecordedBody | undefined> {
  const known = knownBodyOf(response);
  if (known !== undefined) return known;
  if (response.body === null) return method === 'HEAD' ? undefined : new Uint8Array(0);
  if (response.bodyUsed) return undefined;
  const length = declaredLength(response);
  if (length === undefined || length > HASHED_LENGTH_LIMIT) return undefined;
  return new Uint8Array(await response.arrayBuffer());
}
