import type { OutgoingHttpHeaders } from 'node:http';
import { type Readable, Stream } from 'node:stream';
import type { PreconditionResponse } from '@precond/core/adapter';
import { writeToNodeResponse } from '@precond/core/adapter';
import type { NextApiResponse } from 'next';

/** Next's content type for JSON-like bodies given to `res.send` and `res.json`. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A body `res.send` was given, serialised as Next would write it. */
interface SentBody {
  readonly bytes: Uint8Array;
  /** The `Content-Type` Next would set, and whether it replaces one already set. */
  readonly contentType?: { readonly value: string; readonly replace: boolean };
}

/**
 * What Next's `res.send(body)` would write (its `sendData`): a Buffer as is (typed
 * `application/octet-stream` unless typed already), a string as UTF-8, an object, number or
 * boolean as JSON (always typed JSON). `undefined` for anything Next writes otherwise — `null`,
 * streams (piped) — which goes to Next's own `send`.
 */
function serialiseAsNext(body: unknown): SentBody | undefined {
  if (Buffer.isBuffer(body)) {
    return { bytes: body, contentType: { value: 'application/octet-stream', replace: false } };
  }
  if (typeof body === 'string') return { bytes: Buffer.from(body) };
  const jsonLike =
    typeof body === 'number' ||
    typeof body === 'boolean' ||
    (typeof body === 'object' && body !== null && !(body instanceof Stream));
  if (!jsonLike) return undefined;
  return {
    bytes: Buffer.from(JSON.stringify(body)),
    contentType: { value: JSON_CONTENT_TYPE, replace: true },
  };
}

/**
 * Decides on a response just before its head is written, given its bytes when the body is buffered
 * and `undefined` when it is streamed (nothing to hash or compress): the 304/412 to send instead,
 * the bytes to write (the body's compressed form), or `undefined` to write what the handler wrote.
 * May set fields (`ETag`, `Vary`, `Content-Encoding`) and remove some (validator-first fields on a 404).
 */
export type HeadCheck = (bytes: Uint8Array | undefined) => PreconditionResponse | Uint8Array | undefined;

/** Sends one of precond's answers at once, whatever the handler writes after it. */
export type Answer = (response: PreconditionResponse, callback?: () => void) => void;

/** What {@link checkBeforeHead} hands back to the wrapper. */
export interface HeadControl {
  /** Sends an answer past `check` (a 412 for an error the handler threw). */
  readonly answer: Answer;
  /** Whether precond's answer went out instead of the handler's response. */
  answered(): boolean;
}

/**
 * Takes over the writes of `res` so that `check` runs exactly once, just before the head is written
 * — the last moment the status, the fields and, for a buffered body, the bytes are all known and
 * can still be changed:
 *
 * - `res.send(body)` (and `res.json`, which Next routes through `res.send`): serialised as Next
 *   does, then written with `res.end`. Next's own `send` is bypassed for these bodies: it would
 *   replace any `ETag` with its own (a 52-bit FNV-1a of the body) and answer 304 by `fresh` for any
 *   method and status, `If-None-Match: *` included.
 * - `res.end(chunk)` with a string or bytes and nothing written before: checked with its bytes.
 * - Anything else — `res.write()`, `res.send(stream)` (piped), `res.writeHead()`, `res.end()`
 *   alone, a 204/304 — is checked without bytes when its head is about to go out.
 *
 * When `check` answers 304 or 412 instead, that answer is sent at once and the handler's remaining
 * writes are dropped; a source piped into `res` is unpiped, and destroyed once the answer is out,
 * so a live stream stops.
 */
export function checkBeforeHead(res: NextApiResponse, check: HeadCheck): HeadControl {
  const send = res.send.bind(res);
  const end = res.end.bind(res);
  const write = res.write.bind(res);
  const writeHead = res.writeHead.bind(res);
  let checked = false;
  let answered = false;
  let piped: Readable | undefined;
  res.on('pipe', (source: Readable) => {
    piped = source;
  });

  const answer: Answer = (response, callback) => {
    checked = true;
    const source = piped;
    if (source) {
      source.unpipe(res);
      // Once the answer is out: a `pipeline(source, res)` then sees `res` finished, and does not
      // destroy it (and the socket) under the answer when the source's premature close fails it.
      res.once('close', () => source.destroy());
    }
    writeToNodeResponse(res, response, end, callback);
    // Only now: writing the answer's head goes through `res.writeHead`, which must let it pass.
    answered = true;
  };
  /** Checks a streamed response once; `true` when precond answered instead. */
  const answeredBeforeStream = (): boolean => {
    if (!checked && !res.headersSent) {
      checked = true;
      const response = check(undefined);
      if (response && !(response instanceof Uint8Array)) answer(response);
    }
    return answered;
  };

  res.send = (body) => {
    const sent = checked || res.headersSent ? undefined : serialiseAsNext(body);
    // A 204 or 304 has no body: Next's `send` strips it and ends, which is checked as a stream.
    if (sent === undefined || res.statusCode === 204 || res.statusCode === 304) {
      send(body);
      return;
    }
    if (sent.contentType && (sent.contentType.replace || !res.hasHeader('content-type'))) {
      res.setHeader('content-type', sent.contentType.value);
    }
    res.setHeader('content-length', sent.bytes.byteLength);
    checked = true;
    const response = check(sent.bytes) ?? sent.bytes;
    if (response instanceof Uint8Array) end(response);
    else answer(response);
  };

  res.end = ((...args: unknown[]) => {
    const [chunk, encoding] = args;
    const callback = args.find((arg): arg is () => void => typeof arg === 'function');
    if (!checked && !res.headersSent && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      checked = true;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encodingOf(encoding)) : chunk;
      const response = check(bytes) ?? bytes;
      if (response === bytes) return Reflect.apply(end, res, args);
      if (response instanceof Uint8Array) end(response, callback);
      else answer(response, callback);
      return res;
    }
    if (!answeredBeforeStream()) return Reflect.apply(end, res, args);
    if (callback) process.nextTick(callback);
    return res;
  }) as NextApiResponse['end'];

  res.write = ((...args: unknown[]) => {
    if (answeredBeforeStream()) {
      // Dropped, as a 304's body is: `true` so that a handler awaiting 'drain' does not wait forever.
      const callback = args.find((arg): arg is () => void => typeof arg === 'function');
      if (callback) process.nextTick(callback);
      return true;
    }
    return Reflect.apply(write, res, args);
  }) as NextApiResponse['write'];

  res.writeHead = ((...args: unknown[]) => {
    if (answered) return res;
    if (!checked && !res.headersSent) {
      // Called by the handler or by Next's `res.redirect`: the status and fields it names are the
      // response's before the check, as they would be after `res.status()` and `res.setHeader()`.
      const [status, ...rest] = args;
      if (typeof status === 'number') res.statusCode = status;
      const fields = rest.find((arg) => typeof arg === 'object' && arg !== null);
      for (const [name, value] of fieldEntries(fields)) res.setHeader(name, value);
      const message = rest.find((arg) => typeof arg === 'string');
      if (answeredBeforeStream()) return res;
      return typeof message === 'string' ? writeHead(res.statusCode, message) : writeHead(res.statusCode);
    }
    return Reflect.apply(writeHead, res, args);
  }) as NextApiResponse['writeHead'];

  return { answer, answered: () => answered };
}

/** The fields `writeHead` was given: an object, or a flat array of names and values. */
function fieldEntries(fields: unknown): [string, string | number | readonly string[]][] {
  if (Array.isArray(fields)) {
    const entries: [string, string][] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) entries.push([String(fields[i]), String(fields[i + 1])]);
    return entries;
  }
  if (typeof fields !== 'object' || fields === null) return [];
  return Object.entries(fields as OutgoingHttpHeaders).filter(
    (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
  );
}

function encodingOf(value: unknown): BufferEncoding {
  return typeof value === 'string' && Buffer.isEncoding(value) ? value : 'utf8';
}
