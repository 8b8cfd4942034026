import type { PreconditionEnv } from '@precond/hono';

/** The app's Hono environment: `@precond/hono`'s `c.var.precond`, and the decoded JSON request body. */
export interface AppEnv {
  Variables: PreconditionEnv['Variables'] & {
    /** The decoded JSON request body (`jsonRequest()`). */
    readonly body: unknown;
    /** The request body's bytes as received, which a `PUT` answer compares with what it stored. */
    readonly content: Uint8Array;
  };
}
