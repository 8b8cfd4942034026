/**
 * What an insert made once per `Idempotency-Key` takes and reports.
 *
 * @module
 */

/** The key of an insert, and the answer to record with it for the retries. */
export interface IdempotentInsert {
  /** The request's `Idempotency-Key`, as the adapter hands it (`idempotencyKey`). */
  readonly key: string;
  /** Core's `requestFingerprint` of the request: a retry must send the same. */
  readonly fingerprint: string;
  /** The status the write answers. @defaultValue 201 */
  readonly status?: number | undefined;
  /** The `Location` the write answers, if any (the new row's URL). */
  readonly location?: string | undefined;
  /**
   * The body the write answers, rendered from the row about to be inserted, if any. Stored as it
   * is, so that a retry gets the very same bytes.
   */
  readonly body?: string | undefined;
}

/** The answer the first request with a key got, as recorded in the same statement as its write. */
export interface StoredResponse {
  readonly status: number;
  readonly location: string | undefined;
  /** The written row's strong entity-tag, quoted, as in an `ETag` field. */
  readonly etag: string;
  /** When the row was written: its `Last-Modified`, in whole seconds. */
  readonly lastModified: Date;
  readonly body: string | undefined;
}

/**
 * The outcome of an insert made once per key:
 * - `created` — the key was new (or had expired): the row was inserted and `response` recorded;
 * - `replayed` — the key is live and was first sent with this very request (equal fingerprint):
 *   nothing written, `response` is the first attempt's answer, to send again;
 * - `key-reused` — the key is live and was first sent with another request: nothing written, the
 *   answer is a 422 (core's `idempotencyKeyResponse('reused', …)`).
 */
export type InsertOnceResult<Written> =
  | { readonly outcome: 'created'; readonly row: Written; readonly response: StoredResponse }
  | { readonly outcome: 'replayed'; readonly response: StoredResponse }
  | { readonly outcome: 'key-reused' };

/** The key row's columns as {@link insertOnceSql} returns them. */
export interface ClaimedKeyFields {
  readonly precond_claimed: boolean;
  readonly precond_key_fingerprint: string;
  readonly precond_key_status: number;
  readonly precond_key_location: string | null;
  readonly precond_key_etag: string;
  readonly precond_key_body: string | null;
  /** ISO 8601, UTC, whole seconds. */
  readonly precond_key_created_at: string;
}

/** The recorded answer of a key row. */
export function toStoredResponse(row: ClaimedKeyFields): StoredResponse {
  return {
    status: Number(row.precond_key_status),
    location: row.precond_key_location ?? undefined,
    etag: `"${row.precond_key_etag}"`,
    lastModified: new Date(row.precond_key_created_at),
    body: row.precond_key_body ?? undefined,
  };
}
