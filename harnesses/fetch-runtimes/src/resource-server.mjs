// One in-memory document served by @precond/fetch on Bun (`Bun.serve`) or Deno (`Deno.serve`):
// `/doc` validator-first (conditional GET, If-Match writes, 428 for a write without a precondition,
// the handler's compare-and-set throwing PreconditionFailedError), `/about` after the fact. Prints
// `PORT=<port>` and `RUNTIME=<name> <version>` once it listens on 127.0.0.1.
import { satisfiesWriteCondition } from '@precond/core';
import { json, PreconditionFailedError, withPreconditions } from '@precond/fetch';

let version = 1;
let doc = { text: 'first' };
const validators = () => ({ exists: true, etag: `"v${version}"` });

const docHandler = withPreconditions(
  async (request, { writeCondition }) => {
    if (request.method === 'GET' || request.method === 'HEAD') return json(doc);
    if (request.method !== 'PUT')
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD, PUT' } });
    const body = await request.json();
    // The store's compare-and-set: the write goes through only if the tag still holds.
    if (!writeCondition || !satisfiesWriteCondition(writeCondition, validators())) {
      throw new PreconditionFailedError({ etag: validators().etag });
    }
    version += 1;
    doc = body;
    return json(doc, { headers: { etag: validators().etag } });
  },
  { loadValidators: validators, requirePreconditions: true, deferIfMatch: true },
);
const aboutHandler = withPreconditions(() => json({ name: 'tagged after the fact' }));

const fetch = (request) =>
  new URL(request.url).pathname === '/about' ? aboutHandler(request) : docHandler(request);

const announce = (port, runtime) => console.log(`PORT=${port}\nRUNTIME=${runtime}`);
if (globalThis.Bun) {
  const server = globalThis.Bun.serve({ port: 0, hostname: '127.0.0.1', fetch });
  announce(server.port, `bun ${globalThis.Bun.version}`);
} else if (globalThis.Deno) {
  globalThis.Deno.serve(
    {
      port: 0,
      hostname: '127.0.0.1',
      onListen: ({ port }) => announce(port, `deno ${globalThis.Deno.version.deno}`),
    },
    fetch,
  );
} else {
  throw new Error('resource-server.mjs runs on Bun or Deno');
}
