/**
 * Reading the conditional fields out of either header shape core accepts.
 *
 * @module
 */

/**
 * Request headers as a Node-style record (`IncomingMessage.headers`: lower-case names, an array
 * for a repeated field). Names are matched case-insensitively all the same.
 */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Request headers: a Fetch `Headers` or a Node-style record. */
export type RequestHeaders = Headers | HeaderRecord;

/** The neutral request core decides on: a method and its headers. */
export interface ConditionalRequest {
  /** The request method. `get`, `head`, `put`, `patch`, `delete`, `post` are normalised as Fetch does. */
  readonly method: string;
  readonly headers: RequestHeaders;
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

type FieldKey = keyof ConditionalFields;

const FIELD_BY_NAME: ReadonlyMap<string, FieldKey> = new Map([
  ['if-match', 'ifMatch'],
  ['if-none-match', 'ifNoneMatch'],
  ['if-modified-since', 'ifModifiedSince'],
  ['if-unmodified-since', 'ifUnmodifiedSince'],
  ['if-range', 'ifRange'],
  ['range', 'range'],
]);

function isFetchHeaders(headers: RequestHeaders): headers is Headers {
  return typeof (headers as Headers).get === 'function' && typeof (headers as Headers).forEach === 'function';
}

/** Joins repeated field lines the way RFC 9110 §5.3 combines them: with a comma. */
function combine(previous: string | undefined, value: string | readonly string[]): string {
  const joined = typeof value === 'string' ? value : value.join(', ');
  return previous === undefined ? joined : `${previous}, ${joined}`;
}

/**
 * Extracts the six fields conditional evaluation reads. A record is walked once and only names of
 * a fitting length are lower-cased, so a typical Node header object costs a few comparisons.
 */
export function readConditionalFields(headers: RequestHeaders): ConditionalFields {
  const fields: ConditionalFields = {
    ifMatch: undefined,
    ifNoneMatch: undefined,
    ifModifiedSince: undefined,
    ifUnmodifiedSince: undefined,
    ifRange: undefined,
    range: undefined,
  };
  if (headers === null || typeof headers !== 'object') return fields;
  if (isFetchHeaders(headers)) {
    fields.ifMatch = headers.get('if-match') ?? undefined;
    fields.ifNoneMatch = headers.get('if-none-match') ?? undefined;
    fields.ifModifiedSince = headers.get('if-modified-since') ?? undefined;
    fields.ifUnmodifiedSince = headers.get('if-unmodified-since') ?? undefined;
    fields.ifRange = headers.get('if-range') ?? undefined;
    fields.range = headers.get('range') ?? undefined;
    return fields;
  }
  for (const name in headers) {
    const length = name.length;
    if (length !== 5 && length !== 8 && length !== 13 && length !== 17 && length !== 19) continue;
    const key = FIELD_BY_NAME.get(name) ?? FIELD_BY_NAME.get(name.toLowerCase());
    if (key === undefined) continue;
    const value = headers[name];
    if (typeof value === 'string' || Array.isArray(value)) fields[key] = combine(fields[key], value);
  }
  return fields;
}
