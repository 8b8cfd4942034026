/**
 * What a write to a resource that does not exist throws when the method cannot create it:
 * `@precond/postgres`'s `ResourceNotFoundError` (status 404), which its `writtenRow` throws after a
 * `PATCH` or `DELETE` found no row.
 *
 * @module
 */

export { ResourceNotFoundError } from '@precond/postgres';
