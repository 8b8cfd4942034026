import type { RecordedBody } from '@precond/fetch/adapter';
import { recordBody } from '@precond/fetch/adapter';
import type { Context } from 'hono';
import { Hono } from 'hono';

/**
 * The body Hono puts in a response for `data`, when `data` is text (sent as UTF-8, and hashed as
 * such without encoding it here) or bytes, not a stream.
 */
function bodyOf(data: unknown): RecordedBody | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array && data.buffer instanceof ArrayBuffer) return new Uint8Array(data);
  return undefined;
}

type Respond = (data: unknown, ...rest: unknown[]) => Response | Promise<Response>;

/** The last response a context's `c.json`, `c.text`… recorded, and its body. */
interface Recorded {
  readonly response: Response;
  readonly body: RecordedBody;
}

/** Where a context keeps its {@link Recorded}: a property under a symbol, one shape for every context. */
const RECORDED = Symbol('precond.recorded');

type RecordingContext = Context & { [RECORDED]?: Recorded };

function record(c: Context, response: Response, body: RecordedBody): void {
  recordBody(response, body);
  (c as RecordingContext)[RECORDED] = { response, body };
}

/**
 * Records for `response` the body recorded for the response it was built from. Hono's `c.res`
 * setter rebuilds the handler's response around its body stream when middleware before precond
 * touched `c.res` (`cors()` does, to set its fields), and the rebuilt one would go out untagged.
 * Reading `body` builds the stream of a response that only held text: done only when the context's
 * response is not the recorded one.
 */
export function carryRecordedBody(c: Context, response: Response): void {
  const recorded = (c as RecordingContext)[RECORDED];
  if (recorded === undefined || recorded.response === response) return;
  if (response.body !== null && response.body === recorded.response.body) recordBody(response, recorded.body);
}

/** `respond` that records the bodies of the responses it makes. */
function recording(c: Context, respond: Respond): Respond {
  return (data, ...rest) => {
    const response = respond(data, ...rest);
    const body = response instanceof Response ? bodyOf(data) : undefined;
    if (body !== undefined) record(c, response as Response, body);
    return response;
  };
}

/**
 * The source of Hono's own `c.json`, read once from a context of a throwaway app: each context has a
 * `c.json` of its own, so only its source tells Hono's from one a middleware before precond put in
 * place (an envelope, a redaction). Such a `c.json` is left as it is: asking it for a response to
 * `null` would skip what it does, and its argument does not tell the bytes it sends (untagged).
 */
let honoJsonSource: string | undefined | null = null;

function isHonosJson(json: Respond): boolean {
  if (honoJsonSource === null) {
    honoJsonSource = undefined;
    try {
      const probe = new Hono();
      probe.get('/', (c) => {
        honoJsonSource = String(c.json);
        return c.body(null);
      });
      // The route runs before `fetch` returns; what it returns is of no interest.
      void Promise.resolve(probe.fetch(new Request('http://localhost/'))).catch(() => undefined);
    } catch {
      // No probe: every `c.json` is taken as a middleware's.
    }
  }
  return String(json) === honoJsonSource;
}

/**
 * `c.json` that serialises `data` once, as Hono does (`JSON.stringify`), and records the text. Hono's
 * own `c.json` is asked for a response to `null` — its status and fields for a JSON body, whichever
 * Hono version decides them, side effects included — and the text goes out with those; serialising
 * the value a second time to hash it cost more than the rest of what precond does for a request.
 */
function recordingJson(c: Context, json: Respond): Respond {
  return (data, ...rest) => {
    const text = JSON.stringify(data) as string | undefined;
    if (text === undefined) return json(data, ...rest);
    const shaped = json(null, ...rest);
    if (!(shaped instanceof Response)) return json(data, ...rest);
    const response = new Response(text, { status: shaped.status, headers: shaped.headers });
    record(c, response, text);
    return response;
  };
}

/**
 * After the fact, makes this request's `c.json`, `c.text`, `c.html` and `c.body` record the bytes
 * they put in a response, so that precond hashes them without reading a body: a Fetch `Response`
 * built from a string is a stream like any other, and reading an unknown stream could hold a
 * server-sent-events response forever. A stream, `c.html` given a promise, or a `c.json` a
 * middleware before precond replaced records nothing and goes out untagged. (`c.text`, `c.html` and
 * `c.body` are taken to send what they are given: a middleware that rewrites their bodies belongs
 * after precond.)
 */
export function recordBodies(c: Context): void {
  const context = c as unknown as Record<'json' | 'text' | 'html' | 'body', Respond>;
  if (isHonosJson(context.json)) context.json = recordingJson(c, context.json);
  context.text = recording(c, context.text);
  context.html = recording(c, context.html);
  context.body = recording(c, context.body);
}
