import type { PreconditionState } from '@precond/koa';

/** What the app's middleware puts on `ctx.state`. */
export interface AppState extends PreconditionState {
  /** The decoded JSON request body. */
  body?: unknown;
  /** The request body's bytes as received, which a `PUT` answer compares with what it stored. */
  content?: Uint8Array;
}
