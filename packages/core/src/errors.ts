/**
 * The error a storage layer throws when its compare-and-set lost a race.
 *
 * @module
 */

const BRAND = Symbol.for('@precond/core/PreconditionFailedError');

/** What {@link PreconditionFailedError} carries about the resource's state at the moment of failure. */
export interface PreconditionFailedDetails {
  /** The entity-tag now current, so the 412 can carry it and the client can re-read and retry. */
  readonly etag?: string | undefined;
  /** The Last-Modified now current. */
  readonly lastModified?: Date | number | string | undefined;
  /** A sentence for the problem body's `detail`. */
  readonly message?: string | undefined;
  readonly cause?: unknown;
}

/**
 * Thrown by a write whose condition no longer holds, typically an
 * `UPDATE … WHERE etag = $expected` that touched no row because another writer got there first.
 * Every precond adapter turns it into the same 412 Precondition Failed response that a failed
 * If-Match gets (RFC 9110 §15.5.13), with the current `ETag` when known.
 *
 * @example
 * ```ts
 * const row = await db.update(id, patch, { ifMatch: expected });
 * if (!row) throw new PreconditionFailedError({ etag: await db.currentEtag(id) });
 * ```
 */
export class PreconditionFailedError extends Error {
  /** Always 412. */
  readonly status = 412 as const;
  /** The entity-tag current when the write failed, if known. */
  readonly etag: string | undefined;
  /** The Last-Modified current when the write failed, if known. */
  readonly lastModified: Date | number | string | undefined;
  override readonly name = 'PreconditionFailedError';

  constructor(details: PreconditionFailedDetails = {}) {
    super(details.message ?? 'The resource changed since the client read it', { cause: details.cause });
    this.etag = details.etag;
    this.lastModified = details.lastModified;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `error` is a {@link PreconditionFailedError}, also when it comes from another copy of
 * this package (two versions installed, or another realm), where `instanceof` would say no.
 */
export function isPreconditionFailed(error: unknown): error is PreconditionFailedError {
  return (
    error instanceof PreconditionFailedError ||
    (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true)
  );
}
