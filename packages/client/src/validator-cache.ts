/**
 * Where the client remembers what it last saw of each resource: the validators it sends back in
 * `If-None-Match` / `If-Match`, and the body it serves when the answer is 304. Bounded, and
 * replaceable by anything with `get`, `set` and `delete`.
 *
 * @module
 */

import type { VaryingFields } from './vary.js';

/**
 * One remembered version of a resource: the validators that name it and, when the client has seen
 * it, its body. The client only ever stores the two together, so a 304 for `etag` always serves the
 * body `etag` names.
 *
 * - Validators and a body: a representation (a GET's 200, a write's answer whose `Content-Location`
 *   names the resource, or the content of a PUT answered with validators, RFC 9110 §9.3.4).
 * - Validators and no body (`body` undefined): a version a write's answer named without showing it
 *   (a PATCH answered with an `ETag` but no representation). Writes send the validators; a GET does not
 *   revalidate with them, having no body to serve on a 304.
 * - No validators: a version this client wrote that no tag names. The next write reads the resource to
 *   learn its tag, and takes it only if the read shows `body`; with no `body`, it cannot confirm and
 *   sends nothing.
 */
export interface CachedRepresentation {
  /** The `ETag` field as received, such as `"a1b2"` or `W/"a1b2"`. */
  readonly etag: string | undefined;
  /** The `Last-Modified` field as received (an HTTP-date). */
  readonly lastModified: string | undefined;
  /** The `Content-Type` of `body`, to parse it again on a 304. */
  readonly contentType: string | undefined;
  /** The representation as text; `undefined` when the client has not seen the version the validators name. */
  readonly body: string | undefined;
  /**
   * When the response carried `Vary`: the request's values of the fields it names (lower-case names,
   * `null` for a field the request did not send), or `'*'` for `Vary: *`. A GET whose values differ
   * neither revalidates nor is served this entry (RFC 9111 §4.1), and its 200 replaces it. Absent
   * when the response varies on nothing.
   */
  readonly vary?: VaryingFields | undefined;
}

/**
 * The storage behind the client's memory, keyed by absolute URL. Any of the methods may return a
 * promise (IndexedDB, a KV store); a cache that forgets an entry only costs a full response
 * instead of a 304, or a write without a precondition.
 */
export interface ValidatorCache {
  get(url: string): CachedRepresentation | undefined | Promise<CachedRepresentation | undefined>;
  set(url: string, entry: CachedRepresentation): void | Promise<void>;
  delete(url: string): void | Promise<void>;
}

/** Bounds for {@link createValidatorCache}; the least recently used entries go first. */
export interface ValidatorCacheOptions {
  /** How many resources to remember. @defaultValue 500 */
  readonly maxEntries?: number | undefined;
  /**
   * How many bytes to remember in all: the UTF-8 length of each entry's URL, body and fields. An
   * entry larger than this on its own is not stored. @defaultValue 4 MiB (4,194,304)
   */
  readonly maxBytes?: number | undefined;
}

/** The in-memory LRU cache {@link createValidatorCache} returns. */
export interface MemoryValidatorCache extends ValidatorCache {
  get(url: string): CachedRepresentation | undefined;
  set(url: string, entry: CachedRepresentation): void;
  delete(url: string): void;
  /** Forgets everything. */
  clear(): void;
  /** How many entries it holds now. */
  readonly size: number;
  /** How many bytes its entries take now, counted as in {@link ValidatorCacheOptions.maxBytes}. */
  readonly bytes: number;
}

/** The UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is one code point of four bytes; a lone surrogate becomes U+FFFD (three).
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4;
        i++;
      } else length += 3;
    } else length += 3;
  }
  return length;
}

function entryBytes(url: string, entry: CachedRepresentation): number {
  return (
    utf8Length(url) +
    utf8Length(entry.body ?? '') +
    utf8Length(entry.etag ?? '') +
    utf8Length(entry.lastModified ?? '') +
    utf8Length(entry.contentType ?? '') +
    utf8Length(entry.vary === undefined ? '' : JSON.stringify(entry.vary))
  );
}

/**
 * The default {@link ValidatorCache}: in memory, least recently used first out, bounded both by
 * entry count and by total bytes, so that a long-running client never grows without limit.
 */
export function createValidatorCache(options: ValidatorCacheOptions = {}): MemoryValidatorCache {
  const maxEntries = options.maxEntries ?? 500;
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  // A Map iterates in insertion order: re-inserting on every use keeps the least recent first.
  const entries = new Map<string, { entry: CachedRepresentation; bytes: number }>();
  let bytes = 0;

  const remove = (url: string): void => {
    const held = entries.get(url);
    if (held === undefined) return;
    entries.delete(url);
    bytes -= held.bytes;
  };

  return {
    get(url) {
      const held = entries.get(url);
      if (held === undefined) return undefined;
      entries.delete(url);
      entries.set(url, held);
      return held.entry;
    },
    set(url, entry) {
      remove(url);
      const size = entryBytes(url, entry);
      if (size > maxBytes || maxEntries < 1) return;
      entries.set(url, { entry, bytes: size });
      bytes += size;
      for (const [oldest, held] of entries) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= held.bytes;
      }
    },
    delete: remove,
    clear() {
      entries.clear();
      bytes = 0;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
