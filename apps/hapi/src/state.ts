/** What the app's extensions put on `request.app`. */
declare module '@hapi/hapi' {
  interface RequestApplicationState {
    /** The decoded JSON request body (routes with `jsonRequest`). */
    body?: unknown;
    /** The request body's bytes as received, which a `PUT` answer compares with what it stored. */
    content?: Uint8Array;
  }
}

export {};
