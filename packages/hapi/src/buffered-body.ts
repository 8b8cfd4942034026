import type { Request, ResponseObject } from '@hapi/hapi';

/**
 * The bytes hapi will send for a response, when they are already in memory: a Buffer, a string, or
 * any other plain value, serialised here exactly as hapi's marshal step will serialise it (a UTF-8
 * payload is returned as the string it is, which hashes to the same tag). Streams (and other
 * varieties, such as `@hapi/inert` files) are left alone: hashing them would mean buffering them whole.
 */
export function bufferedBody(request: Request, response: ResponseObject): string | Uint8Array | undefined {
  const { source, variety } = response;
  if (variety === 'buffer' && Buffer.isBuffer(source)) return source;
  if (variety !== 'plain' || source === null) return undefined;
  const text = typeof source === 'string' ? source : toJson(request, response, source);
  if (text === undefined) return undefined;
  if (typeof source !== 'string') sendSerialised(response, text);
  // hapi writes a string payload in the response's encoding (`response.encoding()`), utf8 by default.
  // A UTF-8 payload is hashed as the string it is: generateEntityTag encodes it on the way, about twice
  // as fast as copying 100 KiB into a Buffer first.
  const { encoding } = response.settings as { encoding?: BufferEncoding };
  return encoding === undefined || encoding === 'utf8' || encoding === 'utf-8'
    ? text
    : Buffer.from(text, encoding);
}

/**
 * Hands hapi the JSON serialised here as the payload, so that hapi does not serialise the value a
 * second time (for a 100 KiB body that was the largest cost of tagging it) and sends exactly the
 * bytes hashed, as @precond/koa does. hapi keeps the JSON content type it chose for the value; the
 * formatting options (`spaces`, `replacer`, `suffix`, the route's `escape`) are applied already,
 * and hapi refuses them on a string.
 */
function sendSerialised(response: ResponseObject, text: string): void {
  (response as { source: unknown }).source = text;
  (response.settings as { stringify: unknown }).stringify = null;
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * hapi's JSON for a plain source (lib/response.js `_marshal`): the response's own `replacer`,
 * `spaces` and `suffix` over the route's `json` options, then the route's `escape` (hapi reads
 * `escape` from the route only). `undefined` when it cannot be serialised: hapi answers 500 then.
 */
function toJson(request: Request, response: ResponseObject, source: unknown): string | undefined {
  const own = response.settings.stringify ?? {};
  const route = request.route.settings.json ?? {};
  const replacer = own.replacer ?? route.replacer ?? undefined;
  const space = own.space ?? route.space ?? undefined;
  let text: string | undefined;
  try {
    text =
      typeof replacer === 'function'
        ? JSON.stringify(source, replacer, space)
        : JSON.stringify(source, replacer, space);
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  text += own.suffix ?? route.suffix ?? '';
  return route.escape ? text.replace(/[<>&\u2028\u2029]/g, (char) => JSON_ESCAPES[char] ?? char) : text;
}
