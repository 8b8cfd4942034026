/**
 * The load client: HTTP/1.1 over kept-alive connections, every request bounded in time, and every
 * failure classified by what it says about the request's fate.
 *
 * @module
 */

import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** One request. */
export interface HttpRequest {
  readonly method: string;
  /** The path and query, such as `/api/articles/abc`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `application/json` unless `headers` name another content type. */
  readonly json?: unknown;
  /** Abandon the request after this long (a `timeout` failure). @defaultValue 10000 */
  readonly timeoutMs?: number | undefined;
  /**
   * Send the headers and the first byte of the body (JSON whitespace) at once, and the rest only
   * when this settles: requests held together reach the server's write path together.
   */
  readonly hold?: Promise<void>;
  /** Called once the connection the request goes out on is made (at once on a kept-alive one). */
  readonly onConnected?: () => void;
}

/** A response, read to the end. */
export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** From the first byte sent (after any `hold`) to the last byte received. */
  readonly ms: number;
}

/**
 * What a request that got no response may have done:
 * - `refused`: the connection was never made, so the server never saw the request;
 * - `lost`: the connection broke after the request went out: it may or may not have been applied;
 * - `timeout`: no complete response within the limit; also of unknown effect.
 */
export type FailureKind = 'refused' | 'lost' | 'timeout';

/** A request that got no response. */
export class RequestFailure extends Error {
  override readonly name = 'RequestFailure';
  constructor(
    readonly kind: FailureKind,
    readonly ms: number,
    cause: unknown,
    /** The request went out on a kept-alive connection the server had closed, before any answer. */
    readonly staleConnection = false,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${kind}: ${reason}${staleConnection ? ' (on a kept-alive connection, before any answer)' : ''}`, {
      cause,
    });
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * How long a kept-alive connection may sit idle in the pool before the client closes it. Node's
 * servers close an idle connection after 5 s (`server.keepAliveTimeout`, announced as
 * `Keep-Alive: timeout=5`), and a request sent on a connection the server is closing is reset
 * before the server reads it: for a write, an outcome the client cannot know. Node 20's agent keeps
 * idle connections forever unless told otherwise (the announced timeout only shortens a configured
 * one), so the client closes them first, with four seconds to spare, and a request never goes out on
 * a connection the server may be closing.
 */
const IDLE_CONNECTION_MS = 1_000;

/** A client for one base URL, with its own pool of kept-alive connections. */
export class HttpClient {
  readonly baseUrl: string;
  readonly #agent: Agent;
  readonly #host: string;
  readonly #port: number;

  /** `maxSockets` bounds the connections open to this server at once. */
  constructor(baseUrl: string, { maxSockets = 64 }: { maxSockets?: number } = {}) {
    this.baseUrl = baseUrl;
    const url = new URL(baseUrl);
    this.#host = url.hostname;
    this.#port = Number(url.port);
    this.#agent = new Agent({ keepAlive: true, maxSockets, timeout: IDLE_CONNECTION_MS });
  }

  /**
   * Sends one request and reads the whole response.
   *
   * @throws {@link RequestFailure} when no complete response came back.
   */
  send(request: HttpRequest): Promise<HttpReply> {
    return this.#sendOnce(request).catch((error: unknown) => {
      // Node's documented keep-alive race: the server closed an idle connection just as this request
      // went out on it, so the server never read it. A GET or HEAD is sent again on a new connection;
      // a write keeps its `lost` (of unknown effect), and a new connection that breaks is never retried.
      const safe = request.method === 'GET' || request.method === 'HEAD';
      if (safe && error instanceof RequestFailure && error.staleConnection)
        return this.#sendOnce(request, true);
      throw error;
    });
  }

  /** One attempt; `fresh`: on a connection of its own, not one from the pool. */
  #sendOnce(request: HttpRequest, fresh = false): Promise<HttpReply> {
    const headers: Record<string, string> = { ...request.headers };
    let body: Buffer | undefined;
    if (request.json !== undefined) {
      body = Buffer.from(JSON.stringify(request.json), 'utf8');
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    const held = body !== undefined && request.hold !== undefined;
    if (body !== undefined) headers['content-length'] = String(body.byteLength + (held ? 1 : 0));
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    return new Promise<HttpReply>((resolve, reject) => {
      let startedAt = performance.now();
      let connected = false;
      let settled = false;
      let responded = false;
      const fail = (kind: FailureKind, cause: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        const code = (cause as NodeJS.ErrnoException | undefined)?.code;
        const stale = req.reusedSocket && !responded && (code === 'ECONNRESET' || code === 'EPIPE');
        reject(new RequestFailure(kind, performance.now() - startedAt, cause, stale));
      };
      const req = httpRequest({
        agent: fresh ? false : this.#agent,
        host: this.#host,
        port: this.#port,
        method: request.method,
        path: request.path,
        headers,
      });
      const timer = setTimeout(
        () => fail('timeout', new Error(`no response within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onConnect = () => {
        connected = true;
        request.onConnected?.();
      };
      req.on('socket', (socket) => {
        // A kept-alive socket is connected already; a new one says so when it connects.
        if (!socket.connecting) onConnect();
        else socket.once('connect', onConnect);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        fail(!connected && error.code === 'ECONNREFUSED' ? 'refused' : 'lost', error);
      });
      req.on('response', (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail('lost', error));
        res.on('aborted', () => fail('lost', new Error('response aborted')));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - startedAt,
          });
        });
      });
      if (body === undefined) {
        req.end();
      } else if (!held) {
        req.end(body);
      } else {
        req.write(' ');
        request.hold!.then(
          () => {
            startedAt = performance.now();
            if (!settled) req.end(body);
          },
          (error: unknown) => fail('lost', error),
        );
      }
    });
  }

  /** Closes every kept-alive connection. */
  close(): void {
    this.#agent.destroy();
  }
}

/** A promise and the function that settles it: the gate held requests wait at. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** The value of a response header, or `undefined`; repeated fields come joined. */
export function header(reply: HttpReply, name: string): string | undefined {
  const value = reply.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The media type of a reply, lower-case, without parameters. */
export function mediaType(reply: HttpReply): string | undefined {
  return header(reply, 'content-type')?.split(';')[0]?.trim().toLowerCase();
}
