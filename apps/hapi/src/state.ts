/** What the app's extensions put on `request.app`. */
declare module '@hapi/hapi' {
  interface RequestApplicationState {
    /** The decoded JSON request body (routes with `jsonRequest`). */
    body?: unknown;
  }
}

export {};
