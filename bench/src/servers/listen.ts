import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server under test, listening on a free port of 127.0.0.1. */
export interface ListeningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1; `close` drops keep-alive connections rather than waiting. */
export async function listen(server: Server): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
