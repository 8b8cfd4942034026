/**
 * @precond/fetch/adapter — for authors of adapters onto Fetch `Request`/`Response` frameworks
 * (Hono, Next.js route handlers): the three moments `withPreconditions` is made of, for a
 * framework whose control flow is not one handler call (middleware with `next()`), and the way to
 * tell after-the-fact generation the bytes a framework put in a response. Route authors need only
 * `@precond/fetch`.
 *
 * @module
 */

export type { BeforeHandler, Handling, LoadedValidators } from './handling.js';
export {
  decideAfterHandler,
  decideBeforeHandler,
  decideOnError,
  toAdapterRequest,
  toAdapterRequestWithFields,
} from './handling.js';
export type { RecordedBody } from './json.js';
export { recordBody } from './json.js';
export { toFetchResponse, withFields, withFieldsSet, withoutValidatorFields } from './to-fetch-response.js';
export { respondWithPreconditions } from './with-preconditions.js';
