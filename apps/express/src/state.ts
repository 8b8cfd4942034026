// What the app's middleware puts on `res.locals`, beside `@precond/express`'s `precond`.
declare global {
  namespace Express {
    interface Locals {
      /** The decoded JSON request body. */
      body?: unknown;
      /** The request body's bytes as received, which a `PUT` answer compares with what it stored. */
      content?: Uint8Array;
    }
  }
}

export {};
