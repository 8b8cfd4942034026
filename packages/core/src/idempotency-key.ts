/**
 * The `Idempotency-Key` request field (draft-ietf-httpapi-idempotency-key-header §2): a Structured
 * Field Item of type String (RFC 8941 §3.3.3), read exactly.
 *
 * @module
 */

import { isFetchHeaders } from './fetch-headers.js';
import type { RequestHeaders } from './request-fields.js';

/**
 * The longest key accepted, in characters. The draft sets no bound; a UUID is 36 characters, and a
 * bound keeps a hostile key from growing the key table (and its index) without limit.
 */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/**
 * The longest field value read at all: the key, its quotes and escapes, and room for parameters.
 * Anything longer is malformed without being scanned.
 */
const FIELD_VALUE_MAX_LENGTH = 4 * IDEMPOTENCY_KEY_MAX_LENGTH;

/** Whether a POST route needs an `Idempotency-Key` (the `idempotencyKey` option). */
export type IdempotencyKeyRequirement = 'required' | 'optional';

/** What a request's `Idempotency-Key` field holds. */
export type IdempotencyKeyField =
  | { readonly state: 'absent' }
  | { readonly state: 'malformed' }
  | { readonly state: 'present'; readonly key: string };

const ABSENT: IdempotencyKeyField = Object.freeze({ state: 'absent' });
const MALFORMED: IdempotencyKeyField = Object.freeze({ state: 'malformed' });

const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const SP = 0x20;

function isLcalpha(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAlpha(code: number): boolean {
  return isLcalpha(code) || (code >= 0x41 && code <= 0x5a);
}

/** tchar (RFC 9110 §5.6.2), which with `:` and `/` makes up an sf-token after its first character. */
function isTokenChar(code: number): boolean {
  return isAlpha(code) || isDigit(code) || "!#$%&'*+-.^_`|~:/".includes(String.fromCharCode(code));
}

/**
 * A cursor over the field value. Every `parse*` method returns whether it consumed a well-formed
 * item, moving `at` past it; none throws.
 */
class StructuredFieldReader {
  at = 0;
  constructor(readonly input: string) {}

  private code(): number {
    return this.input.charCodeAt(this.at);
  }

  get done(): boolean {
    return this.at >= this.input.length;
  }

  skipSpaces(): void {
    while (!this.done && this.code() === SP) this.at++;
  }

  /** sf-string (RFC 8941 §4.2.5): printable ASCII, with `\"` and `\\` the only escapes. */
  parseString(): string | undefined {
    if (this.code() !== DQUOTE) return undefined;
    this.at++;
    let value = '';
    while (!this.done) {
      const code = this.code();
      this.at++;
      if (code === DQUOTE) return value;
      if (code === BACKSLASH) {
        const escaped = this.code();
        if (escaped !== DQUOTE && escaped !== BACKSLASH) return undefined;
        this.at++;
        value += String.fromCharCode(escaped);
      } else if (code < 0x20 || code > 0x7e) {
        return undefined;
      } else {
        value += String.fromCharCode(code);
      }
    }
    return undefined;
  }

  /** sf-integer or sf-decimal (RFC 8941 §4.2.4): at most 15 digits, 12 before a decimal point. */
  private parseNumber(): boolean {
    if (this.code() === 0x2d) this.at++;
    const start = this.at;
    let point = -1;
    while (!this.done) {
      const code = this.code();
      if (isDigit(code)) this.at++;
      else if (code === 0x2e && point === -1) {
        point = this.at;
        this.at++;
      } else break;
    }
    const length = this.at - start;
    if (length === 0 || !isDigit(this.input.charCodeAt(start))) return false;
    if (point === -1) return length <= 15;
    const fraction = this.at - point - 1;
    return point - start <= 12 && fraction >= 1 && fraction <= 3;
  }

  /** sf-token (RFC 8941 §4.2.6). */
  private parseToken(): boolean {
    const first = this.code();
    if (!isAlpha(first) && first !== 0x2a) return false;
    this.at++;
    while (!this.done && isTokenChar(this.code())) this.at++;
    return true;
  }

  /** sf-binary (RFC 8941 §4.2.7): base64 between colons. */
  private parseByteSequence(): boolean {
    this.at++;
    const end = this.input.indexOf(':', this.at);
    if (end === -1) return false;
    const content = this.input.slice(this.at, end);
    this.at = end + 1;
    return /^[A-Za-z0-9+/]*={0,2}$/.test(content);
  }

  /** sf-boolean (RFC 8941 §4.2.8). */
  private parseBoolean(): boolean {
    const value = this.input[this.at + 1];
    this.at += 2;
    return value === '0' || value === '1';
  }

  /** A bare item of any type (RFC 8941 §4.2.3.1): a parameter's value. */
  private parseBareItem(): boolean {
    const code = this.code();
    if (code === 0x2d || isDigit(code)) return this.parseNumber();
    if (code === DQUOTE) return this.parseString() !== undefined;
    if (code === 0x3a) return this.parseByteSequence();
    if (code === 0x3f) return this.parseBoolean();
    return this.parseToken();
  }

  /** key (RFC 8941 §4.2.3.3): `( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )`. */
  private parseKey(): boolean {
    const first = this.code();
    if (!isLcalpha(first) && first !== 0x2a) return false;
    this.at++;
    while (!this.done) {
      const code = this.code();
      if (
        !isLcalpha(code) &&
        !isDigit(code) &&
        code !== 0x5f &&
        code !== 0x2d &&
        code !== 0x2e &&
        code !== 0x2a
      )
        break;
      this.at++;
    }
    return true;
  }

  /** parameters (RFC 8941 §4.2.3.2): well-formed or not; their values are not kept. */
  parseParameters(): boolean {
    while (!this.done && this.code() === 0x3b) {
      this.at++;
      this.skipSpaces();
      if (!this.parseKey()) return false;
      if (!this.done && this.code() === 0x3d) {
        this.at++;
        if (!this.parseBareItem()) return false;
      }
    }
    return true;
  }
}

/**
 * The key an `Idempotency-Key` field value carries, or `undefined` when the value is not an
 * sf-string Item (RFC 8941 §4.2: leading and trailing spaces allowed, parameters allowed and
 * ignored), is empty, or is longer than {@link IDEMPOTENCY_KEY_MAX_LENGTH}. Two field lines combined
 * (`"a", "b"`) are a List, not an Item: malformed. Never throws, whatever the bytes.
 *
 * @example
 * ```ts
 * parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"'); // '8e03978e-40d5-43e8-bc93-6894a57f9324'
 * parseIdempotencyKey('8e03978e'); // undefined — a token, not a string
 * ```
 */
export function parseIdempotencyKey(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > FIELD_VALUE_MAX_LENGTH) return undefined;
  const reader = new StructuredFieldReader(value);
  reader.skipSpaces();
  const key = reader.parseString();
  if (key === undefined || !reader.parseParameters()) return undefined;
  reader.skipSpaces();
  if (!reader.done) return undefined;
  // An empty key identifies nothing: no two requests could tell their keys apart by it.
  return key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH ? undefined : key;
}

/** The combined value of `Idempotency-Key` in either header shape, `undefined` when absent. */
function fieldValue(headers: RequestHeaders): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  if (isFetchHeaders(headers)) return headers.get('idempotency-key') ?? undefined;
  let combined: string | undefined;
  for (const name in headers) {
    if (name.length !== 15 || name.toLowerCase() !== 'idempotency-key') continue;
    const value = headers[name];
    const joined = typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
    if (joined !== undefined) combined = combined === undefined ? joined : `${combined}, ${joined}`;
  }
  return combined;
}

/** Reads a request's `Idempotency-Key` field: absent, malformed, or the key it carries. Never throws. */
export function readIdempotencyKey(headers: RequestHeaders): IdempotencyKeyField {
  const value = fieldValue(headers);
  if (value === undefined) return ABSENT;
  const key = parseIdempotencyKey(value);
  return key === undefined ? MALFORMED : { state: 'present', key };
}
