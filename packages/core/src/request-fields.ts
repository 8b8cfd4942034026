/**
 * Reading the conditional fields out of either header shape core accepts.
 *
 * @module
 */

import { isFetchHeaders } from './fetch-headers.js';

/**
 * Request headers as a Node-style record (`IncomingMessage.headers`: lower-case names, an array
 * for a repeated field). Names are matched case-insensitively all the same.
 */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Request headers: a Fetch `Headers` or a Node-style record. */
export type RequestHeaders = Headers | HeaderRecord;

/** The neutral request core decides on: a method and its headers. */
export interface ConditionalRequest {
  /**
   * The request method, case-sensitive (RFC 9110 §9.1) except for `get`, `head`, `post`, `put`,
   * `delete`, `options` and `patch`, which are normalised as Fetch does.
   */
  readonly method: string;
  readonly headers: RequestHeaders;
  /**
   * The field lines as received, names and values alternating: Node's `IncomingMessage.rawHeaders`.
   * Node's header record keeps only the first line of If-Modified-Since and If-Unmodified-Since,
   * where RFC 9110 §13.1.3 and §13.1.4 say a value of more than one member is ignored; when the
   * record has either field, its value is read from these lines instead. Leave it out for a Fetch
   * `Headers`, which keeps every line.
   */
  readonly rawHeaders?: readonly string[] | undefined;
  /**
   * The content coding the response to this request goes out in (`'gzip'`, `'identity'`…), when
   * the server codes responses itself and gives each coding a tag of its own (`codedEntityTag`:
   * `"abc-gzip"`). If-None-Match then compares its list with that representation's tag alone, as
   * RFC 9110 §13.1.2 says: a client whose cache holds the gzip body and now asks for the identity
   * one (`Accept-Encoding: identity`, a range) gets it, not a 304 that lets the cache answer with
   * gzip bytes. Leave it out when the server does not know (a proxy may code the response): a coded
   * form of the current tag then matches too.
   */
  readonly contentCoding?: string | undefined;
}

/** The fields RFC 9110 §13 evaluates, each the combined field value or `undefined` when absent. */
export interface ConditionalFields {
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  ifUnmodifiedSince: string | undefined;
  ifRange: string | undefined;
  range: string | undefined;
}

/** Joins repeated field lines the way RFC 9110 §5.3 combines them: with a comma. */
function combine(previous: string | undefined, value: string | readonly string[]): string {
  const joined = typeof value === 'string' ? value : value.join(', ');
  return previous === undefined ? joined : `${previous}, ${joined}`;
}

/** The field a header name of a fitting length names, matched without case; `undefined` for any other. */
function fieldFor(name: string): keyof ConditionalFields | undefined {
  switch (name.length) {
    case 5:
      return name === 'range' || name.toLowerCase() === 'range' ? 'range' : undefined;
    case 8: {
      const lower = name === 'if-match' || name === 'if-range' ? name : name.toLowerCase();
      return lower === 'if-match' ? 'ifMatch' : lower === 'if-range' ? 'ifRange' : undefined;
    }
    case 13:
      return name === 'if-none-match' || name.toLowerCase() === 'if-none-match' ? 'ifNoneMatch' : undefined;
    case 17:
      return name === 'if-modified-since' || name.toLowerCase() === 'if-modified-since'
        ? 'ifModifiedSince'
        : undefined;
    case 19:
      return name === 'if-unmodified-since' || name.toLowerCase() === 'if-unmodified-since'
        ? 'ifUnmodifiedSince'
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Extracts the six fields conditional evaluation reads. A record is walked once and only names of
 * a fitting length are compared, so a typical Node header object costs a few comparisons.
 */
export function readConditionalFields(headers: RequestHeaders): ConditionalFields {
  if (headers === null || typeof headers !== 'object') return fieldsOf();
  if (isFetchHeaders(headers)) {
    return fieldsOf(
      headers.get('if-match'),
      headers.get('if-none-match'),
      headers.get('if-modified-since'),
      headers.get('if-unmodified-since'),
      headers.get('if-range'),
      headers.get('range'),
    );
  }
  let ifMatch: string | undefined;
  let ifNoneMatch: string | undefined;
  let ifModifiedSince: string | undefined;
  let ifUnmodifiedSince: string | undefined;
  let ifRange: string | undefined;
  let range: string | undefined;
  for (const name in headers) {
    const key = fieldFor(name);
    if (key === undefined) continue;
    const value = headers[name];
    if (typeof value !== 'string' && !Array.isArray(value)) continue;
    // Named stores (not fields[key]) keep this loop monomorphic on the hot path.
    if (key === 'ifNoneMatch') ifNoneMatch = combine(ifNoneMatch, value);
    else if (key === 'ifModifiedSince') ifModifiedSince = combine(ifModifiedSince, value);
    else if (key === 'ifMatch') ifMatch = combine(ifMatch, value);
    else if (key === 'ifUnmodifiedSince') ifUnmodifiedSince = combine(ifUnmodifiedSince, value);
    else if (key === 'ifRange') ifRange = combine(ifRange, value);
    else range = combine(range, value);
  }
  return fieldsOf(ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, ifRange, range);
}

/** Every line of the field `lowerName` in `rawHeaders`, combined (RFC 9110 §5.3); `undefined` when there is none. */
function rawFieldValue(rawHeaders: readonly string[], lowerName: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const line = rawHeaders[i + 1];
    if (typeof name !== 'string' || typeof line !== 'string' || name.length !== lowerName.length) continue;
    if (name === lowerName || name.toLowerCase() === lowerName) value = combine(value, line);
  }
  return value;
}

/**
 * The conditional fields of a request as sent: from its `headers`, with the date fields a Node
 * header record may have cut to their first line read from `rawHeaders` when it has them. Only a
 * request carrying a date field walks the raw lines, so a plain revalidation costs nothing more.
 */
export function readRequestFields(request: ConditionalRequest): ConditionalFields {
  const fields = readConditionalFields(request?.headers);
  // `rawHeaders` is read only then: an adapter may hand it over as a getter, costly on some frameworks.
  if (fields.ifModifiedSince === undefined && fields.ifUnmodifiedSince === undefined) return fields;
  const rawHeaders = request?.rawHeaders;
  if (!Array.isArray(rawHeaders)) return fields;
  if (fields.ifModifiedSince !== undefined) {
    fields.ifModifiedSince = rawFieldValue(rawHeaders, 'if-modified-since') ?? fields.ifModifiedSince;
  }
  if (fields.ifUnmodifiedSince !== undefined) {
    fields.ifUnmodifiedSince = rawFieldValue(rawHeaders, 'if-unmodified-since') ?? fields.ifUnmodifiedSince;
  }
  return fields;
}

function fieldsOf(
  ifMatch?: string | null,
  ifNoneMatch?: string | null,
  ifModifiedSince?: string | null,
  ifUnmodifiedSince?: string | null,
  ifRange?: string | null,
  range?: string | null,
): ConditionalFields {
  return {
    ifMatch: ifMatch ?? undefined,
    ifNoneMatch: ifNoneMatch ?? undefined,
    ifModifiedSince: ifModifiedSince ?? undefined,
    ifUnmodifiedSince: ifUnmodifiedSince ?? undefined,
    ifRange: ifRange ?? undefined,
    range: range ?? undefined,
  };
}
