/** Options for generating an entity-tag from a body. */
export interface GenerateEntityTagOptions {
  /**
   * Mark the tag weak (`W/"…"`, RFC 9110 §8.8.1): use it when equal tags should mean "equivalent",
   * not "byte-for-byte identical" (for example a body whose encoding may vary).
   * @defaultValue false
   */
  readonly weak?: boolean | undefined;
}

/** A body that can be hashed in one piece. */
export type BufferedBody = string | Uint8Array | ArrayBuffer;

/** A body that arrives in chunks: a Node `Readable`, any async iterable, or a Web `ReadableStream`. */
export type StreamedBody = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/**
 * Wraps a base64url digest as an entity-tag. base64url's alphabet (`A–Z a–z 0–9 - _`) lies inside
 * etagc, so the tag is always valid.
 */
export function entityTagFromDigest(digest: string, options?: GenerateEntityTagOptions): string {
  return options?.weak ? `W/"${digest}"` : `"${digest}"`;
}

/** Reads a Web `ReadableStream` as an async iterable (not every runtime makes it one). */
export async function* chunksOf(source: StreamedBody): AsyncIterable<Uint8Array | string> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<Uint8Array | string>;
    return;
  }
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
