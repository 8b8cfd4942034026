// What the app's middleware puts on `res.locals`, beside `@precond/express`'s `precond`.
declare global {
  namespace Express {
    interface Locals {
      /** The decoded JSON request body. */
      body?: unknown;
    }
  }
}

export {};
