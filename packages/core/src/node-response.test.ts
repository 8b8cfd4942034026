import { once } from 'node:events';
import { createServer, IncomingMessage, request, ServerResponse } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PreconditionFailedError } from './errors.js';
import { withdrawValidatorFields, writeToNodeResponse } from './node-response.js';
import { type PreconditionResponse, preconditionFailedResponse } from './precondition-response.js';

interface Received {
  readonly status: number | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly ended: boolean;
}

/** Serves one request with `respond` on a real Node.js response and reads what went out. */
async function served(respond: (res: ServerResponse, ended: () => void) => void): Promise<Received> {
  let ended = false;
  const server = createServer((_req, res) => respond(res, () => (ended = true)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<Received>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ended }),
        );
      })
        .on('error', reject)
        .end();
    });
  } finally {
    server.close();
  }
}

describe('writeToNodeResponse', () => {
  it("writes a 412 with core's fields and body, counting the body's bytes, keeping what the rule keeps", async () => {
    const answer = preconditionFailedResponse(new PreconditionFailedError({ etag: '"v2"' }), {
      method: 'PUT',
      path: '/notes/é',
    });
    const received = await served((res, ended) => {
      res.setHeader('set-cookie', 'session=1');
      res.setHeader('vary', 'Origin');
      res.setHeader('content-type', 'text/html');
      res.setHeader('cache-control', 'max-age=60');
      res.setHeader('etag', '"v1"');
      writeToNodeResponse(res, answer, undefined, ended);
    });
    expect(received.status).toBe(412);
    expect(received.headers['set-cookie']).toEqual(['session=1']);
    expect(received.headers.vary).toBe('Origin');
    expect(received.headers['content-type']).toBe('application/problem+json');
    expect(received.headers['cache-control']).toBe('no-store');
    expect(received.headers.etag).toBe('"v2"');
    expect(received.body.toString('utf8')).toBe(answer.body);
    // The instance is not ASCII: the length is the bytes', not the characters'.
    expect(Number(received.headers['content-length'])).toBe(received.body.byteLength);
    expect(received.body.byteLength).toBeGreaterThan(answer.body!.length);
    expect(received.ended).toBe(true);
  });

  it("writes a 304 without a body through the `end` it is given, keeping caching fields and dropping content's", async () => {
    const answer: PreconditionResponse = {
      status: 304,
      headers: { etag: '"v1"' },
      body: null,
      problem: null,
    };
    const calls: string[] = [];
    const received = await served((res) => {
      res.setHeader('cache-control', 'private, no-cache');
      res.setHeader('content-type', 'application/json');
      res.setHeader('content-length', '120');
      const end = res.end.bind(res);
      res.end = (() => {
        throw new Error('the taken-over end must not be called');
      }) as typeof res.end;
      writeToNodeResponse(res, answer, (...args: unknown[]) => {
        calls.push(`end(${args.length})`);
        return Reflect.apply(end, res, args);
      });
    });
    expect(received.status).toBe(304);
    expect(received.headers.etag).toBe('"v1"');
    expect(received.headers['cache-control']).toBe('private, no-cache');
    expect(received.headers['content-type']).toBeUndefined();
    expect(received.headers['content-length']).toBeUndefined();
    expect(received.body.byteLength).toBe(0);
    expect(calls).toEqual(['end(1)']);
  });
});

describe('withdrawValidatorFields', () => {
  const fields = {
    etag: '"v1"',
    'last-modified': 'Mon, 07 Dec 2026 10:00:00 GMT',
    'cache-control': 'max-age=60',
  };
  /** A ServerResponse with the fields set, as validator-first leaves it, and the handler's status. */
  const responseWith = (status: number, own: Record<string, string> = {}) => {
    const res = new ServerResponse(new IncomingMessage(new Socket()));
    for (const [name, value] of Object.entries({ ...fields, ...own })) res.setHeader(name, value);
    res.statusCode = status;
    return res;
  };

  it.each([404, 301, 500])(
    'removes them from a %i, which sends no representation they describe',
    (status) => {
      const res = responseWith(status, { 'x-request-id': 'r1' });
      withdrawValidatorFields(res, fields);
      expect(res.getHeaderNames().sort()).toEqual(['x-request-id']);
    },
  );

  it.each([200, 206, 304])('keeps them on a %i', (status) => {
    const res = responseWith(status);
    withdrawValidatorFields(res, fields);
    expect(res.getHeaders()).toMatchObject(fields);
  });

  it('keeps Date on a 416 or a 404, so that Node does not turn its own off (RFC 9110 §6.6.1)', () => {
    for (const status of [416, 404]) {
      const withDate = { ...fields, date: 'Mon, 07 Dec 2026 10:00:01 GMT' };
      const res = new ServerResponse(new IncomingMessage(new Socket()));
      for (const [name, value] of Object.entries(withDate)) res.setHeader(name, value);
      res.statusCode = status;
      withdrawValidatorFields(res, withDate);
      expect(res.getHeaderNames()).toEqual(['date']);
      expect(res.sendDate).toBe(true);
    }
  });

  it('removes them for the status given, before the response has it', () => {
    const res = responseWith(200);
    withdrawValidatorFields(res, fields, 500);
    expect(res.getHeaderNames()).toEqual([]);
  });

  it('keeps a field the handler set to a value of its own', () => {
    const res = responseWith(404, { 'cache-control': 'no-store' });
    withdrawValidatorFields(res, fields);
    expect(res.getHeaders()).toEqual({ 'cache-control': 'no-store' });
  });
});
