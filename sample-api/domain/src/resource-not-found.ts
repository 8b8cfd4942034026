/**
 * What a write to a resource that does not exist throws when the method cannot create it.
 *
 * @module
 */

/**
 * A `PATCH` or `DELETE` found no resource to change: an app answers it with 404 Not Found, which
 * takes precedence over any precondition (RFC 9110 §13.2.1). A `PUT` with `If-Match` to a missing
 * resource is not this: it could have created the resource, so its failed `If-Match` is a 412.
 */
export class ResourceNotFoundError extends Error {
  /** Always 404. */
  readonly status = 404 as const;
  override readonly name = 'ResourceNotFoundError';

  constructor(message = 'The resource does not exist') {
    super(message);
  }
}
