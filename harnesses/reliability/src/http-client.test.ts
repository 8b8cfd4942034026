import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, RequestFailure } from './http-client.js';

// The load client's own behaviour on kept-alive connections, made to happen by construction: no
// scenario can tell a server fault from a client that sent a request into a closing connection.

let server: Server | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  client?.close();
  server?.closeAllConnections();
  if (server?.listening) await new Promise((resolve) => server!.close(resolve));
  server = client = undefined;
});

/** A server answering 200 "ok" that keeps connections for a minute: only the client closes one early. */
async function listen(
  onRequest?: (socket: Socket, count: number) => boolean,
): Promise<{ sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const requestsOn = new Map<Socket, number>();
  server = createServer((req, res) => {
    const count = (requestsOn.get(req.socket) ?? 0) + 1;
    requestsOn.set(req.socket, count);
    if (onRequest?.(req.socket, count) === false) return;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  client = new HttpClient(`http://127.0.0.1:${port}`);
  return { sockets };
}

describe('HttpClient', () => {
  it('reuses a kept-alive connection, then closes it itself once idle, before any server would', async () => {
    const { sockets } = await listen();
    await client!.send({ method: 'GET', path: '/' });
    await client!.send({ method: 'GET', path: '/' });
    expect(sockets).toHaveLength(1);
    // The server would keep it a minute; the client's end of it arrives first.
    await once(sockets[0]!, 'end');
  });

  it('sends a GET once more on a new connection when its kept-alive one was closed unread, and leaves a write in doubt', async () => {
    // The second request on every connection meets a server that closes the connection without
    // reading it: what a server's keep-alive timeout does to a request sent as it fires.
    const { sockets } = await listen((socket, count) => {
      if (count < 2) return true;
      socket.destroy();
      return false;
    });
    await client!.send({ method: 'GET', path: '/' });
    const retried = await client!.send({ method: 'GET', path: '/' });
    expect(retried.text).toBe('ok');
    expect(sockets).toHaveLength(2);

    await client!.send({ method: 'GET', path: '/' });
    const write = await client!
      .send({ method: 'PATCH', path: '/', json: { a: 1 } })
      .catch((error: unknown) => error);
    expect(write).toBeInstanceOf(RequestFailure);
    expect((write as RequestFailure).kind).toBe('lost');
    expect((write as RequestFailure).staleConnection).toBe(true);
    expect((write as RequestFailure).message).toMatch(/on a kept-alive connection, before any answer/);
  });
});
