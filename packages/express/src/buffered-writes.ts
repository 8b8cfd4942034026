import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { PreconditionResponse } from '@precond/core/adapter';
import { writeToNodeResponse } from '@precond/core/adapter';
import type { Response } from 'express';

/**
 * Decides when the handler ends the response: given a buffered body — its bytes, or a string that
 * goes out as UTF-8 — (`undefined` when the body is empty or was streamed), the 304/412 to send
 * instead, or `undefined` to send it as is. May set fields (`ETag`) on the response. A string is
 * handed over as it is: only an after-the-fact hash reads it, so validator-first copies nothing.
 * `untagged`: the response's `ETag` is precond's placeholder, which stands for none; a tag the check
 * sets replaces it, and `end` takes it out when none was set.
 */
export type BodyCheck = (
  body: string | Uint8Array | undefined,
  untagged: boolean,
) => PreconditionResponse | undefined;

/** Stands in for an ETag while Express's `res.send` runs; never sent. */
const UNTAGGED = '"precond-untagged"';

/** A body `res.send` is writing, and whether the handler had set an `ETag` before. */
interface Sending {
  readonly body: string | Uint8Array;
  readonly tagged: boolean;
}

/** The three writes precond takes over, as a response has them. */
interface Writes {
  readonly send: Response['send'];
  readonly end: ServerResponse['end'];
  readonly write: ServerResponse['write'];
}

/** A response whose writes precond took over: the check, and the writes it hands on to. */
interface Takeover {
  readonly check: BodyCheck;
  /** The writes as they were before the takeover. */
  readonly next: Writes;
  /**
   * The `end` that takes the response over: the prototype's (see {@link inherited}) or, where
   * middleware before precond wrapped the writes, one set on `res`.
   */
  end: ServerResponse['end'];
  sending: Sending | undefined;
  /** The placeholder `ETag` is on the response, for `send` to take out should `end` not run. */
  placeholder: boolean;
  /** A streamed write was answered 304 or 412 instead: the rest of the stream is dropped. */
  answered: boolean;
  /** The stream piped into the response (its `'pipe'` event), when it is watched for. */
  source: Readable | undefined;
}

/**
 * Where a response's {@link Takeover} is kept: under a symbol in `res.locals`, which Express makes
 * with `Object.create(null)` and templates read by string keys only.
 */
const TAKEOVER = Symbol('precond.takeover');

function takeoverOf(res: Response): Takeover | undefined {
  return (res.locals as { [TAKEOVER]?: Takeover } | undefined)?.[TAKEOVER];
}

/**
 * The body of `res.send(...args)`: its one argument, or Express 4's `res.send(status, body)` and
 * `res.send(body, status)` (deprecated, still served).
 */
function sentBody(args: readonly unknown[]): unknown {
  return args.length > 1 && typeof args[0] === 'number' && typeof args[1] !== 'number' ? args[1] : args[0];
}

function send(res: Response, takeover: Takeover, args: unknown[]): Response {
  const body = sentBody(args);
  // Express sends a string as UTF-8, which is how a string is hashed.
  const buffered = typeof body === 'string' || body instanceof Uint8Array ? body : undefined;
  const outer = takeover.sending;
  if (buffered !== undefined && !res.headersSent) {
    // An outer `send` (Express 4 hands bytes that are no Buffer on to `json`, which sends again)
    // may have put the placeholder in: that is no tag of the handler's.
    const current = res.getHeader('etag');
    const tagged = current !== undefined && current !== UNTAGGED;
    takeover.sending = { body: buffered, tagged };
    // Express hashes a body for a weak ETag of its own only when the response has none: this
    // placeholder, taken out again in `end`, spares it hashing a body for a tag precond drops.
    // Middleware after precond that wrapped `end` (`compression`) may send the fields before
    // precond's `end` runs: the placeholder would go out, so Express tags the body then.
    if (!tagged && res.end === takeover.end) {
      res.setHeader('etag', UNTAGGED);
      takeover.placeholder = true;
    }
  }
  try {
    return Reflect.apply(takeover.next.send, res, args) as Response;
  } finally {
    takeover.sending = outer;
    // A send that threw before `end` leaves no placeholder on whatever answers instead.
    if (takeover.placeholder) takePlaceholderOut(res, takeover);
  }
}

/**
 * Takes the placeholder `ETag` out of a response whose head is not sent yet. Only then: a field
 * removed makes Node's field object a dictionary, slower for every field set after it, so the usual
 * path replaces the placeholder with the tag instead.
 */
function takePlaceholderOut(res: Response, takeover: Takeover): void {
  takeover.placeholder = false;
  if (!res.headersSent && res.getHeader('etag') === UNTAGGED) res.removeHeader('etag');
}

/** The callback among a write's arguments (`res.write(chunk, encoding, cb)`, `res.end(cb)`). */
function callbackOf(args: readonly unknown[]): (() => void) | undefined {
  return args.find((arg): arg is () => void => typeof arg === 'function');
}

/** Drops a write that comes after a 304 or 412 answered the response, calling its callback as Node would. */
function dropWrite(args: readonly unknown[]): void {
  const callback = callbackOf(args);
  if (callback) process.nextTick(callback);
}

function end(res: Response, takeover: Takeover, args: unknown[]): Response {
  const { end: ownEnd } = takeover.next;
  if (takeover.answered) {
    // The 304 or 412 has ended the response: the stream's last chunk goes the way of the rest
    // (handed on, Node would emit a write-after-end 'error' no one listens to, ending the process).
    dropWrite(args);
    return res;
  }
  if (res.headersSent) return Reflect.apply(ownEnd, res, args) as Response;
  const [chunk, encoding] = args;
  const { sending } = takeover;
  let body = sending?.body;
  if (!sending && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
    const charset = encodingOf(encoding);
    body = typeof chunk !== 'string' || charset === 'utf8' ? chunk : Buffer.from(chunk, charset);
  }
  const answer = takeover.check(body, takeover.placeholder);
  if (takeover.placeholder) takePlaceholderOut(res, takeover);
  if (answer === undefined) return Reflect.apply(ownEnd, res, args) as Response;
  writeToNodeResponse(res, answer, ownEnd.bind(res), callbackOf(args));
  return res;
}

function write(res: Response, takeover: Takeover, args: unknown[]): boolean {
  if (takeover.answered) {
    dropWrite(args);
    return true;
  }
  if (res.headersSent) return Reflect.apply(takeover.next.write, res, args) as boolean;
  const answer = takeover.check(undefined, false);
  if (answer === undefined) return Reflect.apply(takeover.next.write, res, args) as boolean;
  writeToNodeResponse(res, answer, takeover.next.end.bind(res));
  takeover.answered = true;
  // The ended response unpipes its source, which would then sit paused, its file descriptor (or
  // socket, or cursor) open, for good.
  takeover.source?.destroy();
  return true;
}

/** The writes precond put on a prototype, and the prototype's own writes they hand on to. */
interface Inherited {
  readonly writes: Writes;
  readonly next: Writes;
}

/**
 * The writes precond puts, once, on the prototype that owns Express's `res.send`
 * (`express.response`, which every app's and sub-app's `res` inherits): they act on a response
 * precond took over and hand any other straight to Express's own. Taking a response over is then
 * one entry in `res.locals`, not three functions bound to it and set on it, which gives `res` a new
 * shape for V8 on every request: a fifth of an Express request's instructions, counted with bench
 * section 10.
 */
const inherited = new WeakMap<object, Inherited>();

/**
 * The prototype that owns Express's `res.send`: `express.response`, which every app's and mounted
 * sub-app's `res` inherits (through the app's own `app.response`).
 */
export function expressResponseOf(res: Response): object | undefined {
  let owner = Object.getPrototypeOf(res) as object | null;
  while (owner !== null && !Object.hasOwn(owner, 'send'))
    owner = Object.getPrototypeOf(owner) as object | null;
  return owner ?? undefined;
}

function inheritWrites(res: Response): Inherited | undefined {
  const owner = expressResponseOf(res);
  if (owner === undefined) return undefined;
  const known = inherited.get(owner);
  if (known !== undefined) return known;
  const ownSend = (owner as Writes).send;
  // `end` and `write` (Node's, unless something set them on this prototype before) are looked up at
  // each call, so that a later patch of `ServerResponse.prototype` (an APM agent, a test's spy)
  // still sees every response.
  const base = Object.getPrototypeOf(owner) as Writes;
  const ownEnd = Object.hasOwn(owner, 'end') ? (owner as Writes).end : undefined;
  const ownWrite = Object.hasOwn(owner, 'write') ? (owner as Writes).write : undefined;
  const next: Writes = {
    send: ownSend,
    get end() {
      return ownEnd ?? base.end;
    },
    get write() {
      return ownWrite ?? base.write;
    },
  };
  const writes: Writes = {
    send(this: Response, ...args: unknown[]) {
      const takeover = takeoverOf(this);
      return takeover?.end === writes.end ? send(this, takeover, args) : Reflect.apply(ownSend, this, args);
    },
    end: function (this: Response, ...args: unknown[]) {
      const takeover = takeoverOf(this);
      return takeover?.end === writes.end ? end(this, takeover, args) : Reflect.apply(next.end, this, args);
    } as ServerResponse['end'],
    write: function (this: Response, ...args: unknown[]) {
      const takeover = takeoverOf(this);
      return takeover?.end === writes.end
        ? write(this, takeover, args)
        : Reflect.apply(next.write, this, args);
    } as ServerResponse['write'],
  };
  for (const name of ['send', 'end', 'write'] as const) {
    // `send` stays as enumerable as Express made it; `end` and `write` were inherited, and stay unlisted.
    const enumerable = Object.getOwnPropertyDescriptor(owner, name)?.enumerable ?? false;
    Object.defineProperty(owner, name, {
      configurable: true,
      enumerable,
      writable: true,
      value: writes[name],
    });
  }
  const made = { writes, next };
  inherited.set(owner, made);
  return made;
}

/**
 * Whether `res` has precond's writes, not some set on it (or on its app's prototype) since: what
 * `res.send === writes.send` and so on say, asked of `res` for own properties only and of its
 * prototype for the rest. Each property read through Express's `res` misses V8's inline caches
 * (Express gives every response its prototype anew), a few thousand instructions each; an own-
 * property check on it, and reads on the prototype, whose shape stays, cost little.
 */
function inheritsWrites(res: Response, writes: Writes): boolean {
  if (Object.hasOwn(res, 'send') || Object.hasOwn(res, 'end') || Object.hasOwn(res, 'write')) return false;
  const prototype = Object.getPrototypeOf(res) as Writes;
  return prototype.send === writes.send && prototype.end === writes.end && prototype.write === writes.write;
}

/**
 * Takes over the response's writes so that a buffered body can be hashed, and the request answered,
 * before anything is sent:
 *
 * - `res.send(body)` (and `res.json`, which Express routes through `res.send`): serialised by
 *   Express as ever; precond keeps the bytes (a HEAD's too, which Express does not pass to `end`)
 *   and keeps Express's `etag` setting from tagging them, so the tag is the handler's or
 *   precond's (see `etagGeneration`).
 * - `res.end(chunk)` with a string or bytes, nothing written before.
 *
 * A body written with `res.write` (streams, `res.sendFile`) is never buffered: `check` is given no
 * bytes on its first write, while the fields can still change; when it answers 304 or 412 instead,
 * the rest of the stream is dropped.
 *
 * Where middleware before precond wrapped a write as a property of `res` (`compression`), precond
 * wraps it in turn, as its own property, so that precond still sees the body before that
 * middleware does. With `watchSource` (a request whose conditions can be answered instead), a
 * stream piped into the response is destroyed when a 304 or 412 replaces its body. Returns the
 * response's own `end`, to answer without going through `check`.
 */
export function takeOverWrites(res: Response, check: BodyCheck, watchSource: boolean): ServerResponse['end'] {
  const prototype = inheritWrites(res);
  // Middleware before precond that wrapped a write as a property of `res` would see the body first.
  const inheritedHere = prototype !== undefined && inheritsWrites(res, prototype.writes);
  const next: Writes = inheritedHere ? prototype.next : { send: res.send, end: res.end, write: res.write };
  const takeover: Takeover = {
    check,
    next,
    end: inheritedHere ? prototype.writes.end : res.end,
    sending: undefined,
    placeholder: false,
    answered: false,
    source: undefined,
  };
  (res.locals as { [TAKEOVER]?: Takeover })[TAKEOVER] = takeover;
  // Only then: a listener on every response would cost the 200s that can never be answered instead.
  if (watchSource) {
    res.once('pipe', (source: Readable) => {
      takeover.source = source;
    });
  }
  if (!inheritedHere) {
    res.send = (...args: unknown[]) => send(res, takeover, args);
    res.write = ((...args: unknown[]) => write(res, takeover, args)) as Response['write'];
    res.end = ((...args: unknown[]) => end(res, takeover, args)) as Response['end'];
    takeover.end = res.end;
  }
  return next.end.bind(res);
}

function encodingOf(value: unknown): BufferEncoding {
  return typeof value === 'string' && Buffer.isEncoding(value) ? value : 'utf8';
}
