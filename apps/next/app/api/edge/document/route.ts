import { PreconditionFailedError } from '@precond/core';
import { generateEntityTag } from '@precond/core/etag-web';
import { text, withPreconditions } from '@precond/next';
import { otherMethods } from '@/lib/other-methods';
import { problemResponse } from '@/lib/problem';

// No database and no Node.js built-in: this route shows `@precond/next` on the Edge runtime, hashing
// with Web Crypto.
export const runtime = 'edge';

/** The largest document accepted, the limit of the API's JSON bodies. */
const MAX_DOCUMENT_BYTES = 64 * 1024;

/** A version of the document: its text and its strong tag, a hash of its UTF-8 bytes. */
interface Version {
  readonly text: string;
  readonly etag: Promise<string>;
}

const versionOf = (text: string): Version => ({ text, etag: generateEntityTag(text) });

/** The document, held in memory by this runtime instance: it starts over when the server does. */
let current = versionOf('A document served from the Edge runtime.\n');

const currentValidators = async () => ({ exists: true, etag: await current.etag });

/** The request body as text, or `undefined` as soon as it is over the limit. */
async function readDocument(request: Request): Promise<string | undefined> {
  const decoder = new TextDecoder();
  let document = '';
  let size = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > MAX_DOCUMENT_BYTES) {
      await reader?.cancel();
      return undefined;
    }
    document += decoder.decode(read.value, { stream: true });
  }
  return document + decoder.decode();
}

/**
 * GET (and the HEAD Next derives from it), after the fact: `text()` records the bytes, so
 * `@precond/next` tags them with their Web Crypto hash and answers 304 when the tag comes back.
 */
export const GET = withPreconditions(async () =>
  text(current.text, { headers: { 'cache-control': 'no-cache' } }),
);

/** Replaces the document: 428 without a precondition, 412 with a stale tag, 200 with the new tag. */
export const PUT = withPreconditions(
  async (request, _context, { validators }) => {
    const document = await readDocument(request);
    if (document === undefined) {
      return problemResponse(request, 413, `The document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    // A compare-and-set in memory: the version the request's If-Match was checked against must still
    // be current once its body has arrived, or another PUT got in first.
    const seen = current;
    if ((await seen.etag) !== validators?.etag || current !== seen) {
      throw new PreconditionFailedError({ etag: await current.etag });
    }
    current = versionOf(document);
    return text(current.text, { headers: { etag: await current.etag } });
  },
  { loadValidators: currentValidators, requirePreconditions: true },
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD', 'PUT');

export { notAllowed as DELETE, notAllowed as PATCH, notAllowed as POST, OPTIONS };
