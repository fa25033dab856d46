import http from 'node:http';
import https from 'node:https';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import zlib from 'node:zlib';
import { APIConnectionError } from './errors/index.js';
import { TunnelAgent, proxyAuthorization, proxyName } from './node-proxy.js';
import type { ProxyChooser } from './proxy.js';
import type { BodySink } from './body.js';
import { offerPushBody, type PushBody } from './streaming/push-body.js';
import type { Wire, WireRequest, WireResponse } from './wire.js';

/** What the Node transport sends unless the caller set its own, and decodes. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Requests over node:http(s) with keep-alive agents: JSON calls and streams in Node. Measured here,
 * Node's fetch (undici's WHATWG layer: Request, streams, a Response per call) costs more per
 * request on loopback than the whole rest of the SDK; node:http with a keep-alive agent runs about
 * 1.9× fetch. It follows no redirect and decodes gzip, deflate and br as fetch does; a proxy (from
 * `chooseProxy`) is reached with absolute-form requests for http targets and CONNECT tunnels for
 * https ones.
 */
export function createNodeWire(chooseProxy?: ProxyChooser): Wire {
  // Free keep-alive sockets are unref'ed by the agent, so they never keep the process alive.
  const direct = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const viaProxy = new Map<string, { 'http:': http.Agent; 'https:': https.Agent }>();
  const agentsFor = (proxy: URL) => {
    let agents = viaProxy.get(proxy.href);
    if (!agents) viaProxy.set(proxy.href, (agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new TunnelAgent(proxy) }));
    return agents;
  };

  /**
   * Where a URL goes: node:http's options for its origin, its path, and its proxy. Parsing each
   * request's URL cost more than the rest of this transport, so what depends on the origin alone is
   * kept per origin, and the path is taken as it is when the URL parser would leave it so.
   */
  const origins = new Map<string, Route>();
  const routeOf = (url: string): { route: Route; path: string } => {
    const end = url.indexOf('/', url.indexOf('//') + 2);
    // Stryker disable next-line StringLiteral: with no path the fast path is not taken (it needs `end !== -1`), so the value is never read
    const path = end === -1 ? '' : url.slice(end);
    if (end !== -1 && PLAIN_PATH.test(path) && !path.includes('/.')) {
      const prefix = url.slice(0, end);
      let origin = origins.get(prefix);
      if (!origin && URL.canParse(prefix)) {
        origin = route(new URL(prefix));
        if (origins.size >= 32) origins.clear();
        origins.set(prefix, origin);
      }
      if (origin) return { route: origin, path };
    }
    const target = new URL(url);
    return { route: route(target), path: `${target.pathname}${target.search}` };
  };
  const route = (target: URL): Route => {
    const { protocol, hostname, port, auth } = urlToHttpOptions(target);
    return { secure: protocol === 'https:', proxy: chooseProxy?.(target), origin: { protocol, hostname, port, auth }, host: target.host };
  };

  const send = (request: WireRequest, resends: number): Promise<WireResponse> =>
    new Promise<WireResponse>((resolve, reject) => {
      const { route, path } = routeOf(request.url);
      const { secure, proxy } = route;
      const { method, abort, body } = request;
      // A length, not chunked encoding: what fetch sends, and cheaper for both ends.
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : Buffer.from(body);
      const length = payload === undefined ? undefined : String(Buffer.byteLength(payload));
      let req: http.ClientRequest;
      if (!proxy) {
        const agent = secure ? direct.https : direct.http;
        const { protocol, hostname, port, auth } = route.origin;
        // Headers as a list, written as they are: an object goes through setHeader one by one (each
        // checked and kept in a map), which cost ~6 µs a request; the runtime checked them already.
        const headers = auth ? headerObject(request.headers, length) : headerList(route.host, request.headers, length);
        req = (secure ? https : http).request({ protocol, hostname, port, auth, path, method, headers, agent });
      } else if (secure) {
        req = https.request({ ...route.origin, path, method, headers: headerObject(request.headers, length), agent: agentsFor(proxy)['https:'] });
      } else {
        // An http target through the proxy: the request line carries the absolute URL.
        const target = new URL(request.url);
        const authorization = proxyAuthorization(proxy);
        req = http.request({
          host: proxy.hostname,
          port: proxy.port || 80,
          path: target.href,
          method,
          headers: { ...headerObject(request.headers, length), host: target.host, ...(authorization ? { 'proxy-authorization': authorization } : {}) },
          agent: agentsFor(proxy)['http:'],
        });
      }
      // The attempt stops the request itself (a signal would cost an AbortController and its listeners per call).
      abort.onAbort(stopper(req));
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        // Inside a socket event: whatever the server sent, nothing may be thrown from here.
        try {
          if (proxy && !secure && res.statusCode === 407) throw proxyRefused(proxy, res);
          answer(req, res, request.whole, resolve);
        } catch (error) {
          req.destroy();
          reject(error);
        }
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A keep-alive socket the peer closed as it was reused (a proxy that closes after each
        // answer, a server's idle timeout): the request never got there, so it goes again on a
        // fresh connection, as fetch does. Writes carry their Idempotency-Key all the same.
        if (!answered && req.reusedSocket && error.code === 'ECONNRESET' && resends > 0 && !abort.aborted) resolve(send(request, resends - 1));
        else reject(error);
      });
      // A 101 (the socket handed over) and the like end the request without a response or an error.
      req.on('close', () => {
        if (!answered) reject(new APIConnectionError('The connection closed before a response arrived.'));
      });
      req.end(payload);
    });
  return (request) => send(request, 2);
}

/**
 * Stops a request, failing it as node:http's own signal handling does. A function of its own, so
 * that the closure holds the request alone, not the whole scope it was made in.
 */
function stopper(req: http.ClientRequest): () => void {
  // Stryker disable next-line StringLiteral,ObjectLiteral: the attempt stops only for the caller's signal or its timeout and then throws its own APIUserAbortError or APITimeoutError (a body cut off fails with cutOff()): this error is never read
  return () => req.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
}

/** An origin's destination: node:http's options for it (protocol, host, port, credentials), and the proxy it goes through. */
interface Route {
  secure: boolean;
  proxy: URL | undefined;
  origin: Pick<http.RequestOptions, 'protocol' | 'hostname' | 'port' | 'auth'>;
  /** The Host header's value (the port only when it is not the scheme's default). */
  host: string;
}

/**
 * The request's headers as node:http's flat list, with those the transport adds (Accept-Encoding,
 * Content-Length) and the two node:http adds to an object itself (Host and, for the keep-alive agent,
 * Connection) unless the caller set them.
 */
function headerList(host: string, headers: Record<string, string>, length: string | undefined): string[] {
  const list: string[] = [];
  if (headers.host === undefined) list.push('host', host);
  if (headers.connection === undefined) list.push('connection', 'keep-alive');
  if (headers['accept-encoding'] === undefined) list.push('accept-encoding', ACCEPT_ENCODING);
  for (const name in headers) if (length === undefined || name !== 'content-length') list.push(name, headers[name]!);
  if (length !== undefined) list.push('content-length', length);
  return list;
}

/** The request's headers (lower-cased) with the two the transport adds, as an object for node:http to set. */
function headerObject(headers: Record<string, string>, length: string | undefined): Record<string, string> {
  const all: Record<string, string> = Object.assign({ 'accept-encoding': ACCEPT_ENCODING }, headers);
  if (length !== undefined) all['content-length'] = length;
  return all;
}

/** A path (and query) the URL parser leaves as it is: nothing it would encode, resolve (`/./`, `/../`) or cut (`#`). */
const PLAIN_PATH = /^\/[\w\-.~!$&()*+,;=:@/?%]*$/;

function proxyRefused(proxy: URL, res: http.IncomingMessage): APIConnectionError {
  return new APIConnectionError(`The proxy ${proxyName(proxy)} refused the request: ${res.statusCode} ${res.statusMessage ?? ''}`.trim());
}

/**
 * The answer, once its head is here: with `whole`, only once the body is read too (into the sink,
 * as it arrives: one promise per call, as fast as the old buffered path), else with a web stream.
 */
function answer(req: http.ClientRequest, res: http.IncomingMessage, whole: BodySink | undefined, resolve: (answer: WireResponse) => void): void {
  const raw = res.rawHeaders;
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  let encoding: string | undefined;
  for (const [name, value] of headers) if (name.length === 16 && name.toLowerCase() === 'content-encoding') encoding = encoding === undefined ? value : `${encoding}, ${value}`;
  const decoded = decode(res, req, encoding);
  const head: WireResponse = {
    status: res.statusCode ?? 0,
    // Stryker disable next-line StringLiteral: Node sets statusMessage on every parsed response ('' without a reason phrase), so the fallback never applies
    statusText: res.statusMessage ?? '',
    headers,
    body: whole ? null : streamBody(req, res, decoded),
  };
  if (!whole) return resolve(head);
  let settled = false;
  const fail = (error: unknown) => {
    if (settled) return;
    settled = true;
    req.destroy();
    decoded.destroy();
    head.bodyError = error;
    resolve(head);
  };
  try {
    whole.start(head);
  } catch (error) {
    return fail(error);
  }
  decoded.on('data', (chunk: Buffer) => {
    try {
      whole.add(chunk);
    } catch (error) {
      fail(error);
    }
  });
  whenSettled(
    res,
    decoded,
    () => {
      if (settled) return;
      settled = true;
      head.bytes = whole.bytes();
      resolve(head);
    },
    fail,
  );
}

/** Calls `ended` once the body is complete, `failed` once it was cut off or could not be decoded. */
function whenSettled(res: http.IncomingMessage, decoded: Readable, ended: () => void, failed: (error: unknown) => void): void {
  decoded.on('end', () => (res.complete ? ended() : failed(cutOff())));
  decoded.on('error', (error) => failed(cutOff(error)));
  res.on('close', () => {
    if (!res.complete) failed(cutOff());
  });
}

function cutOff(cause?: unknown): APIConnectionError {
  return new APIConnectionError('The response body was cut off.', { cause });
}

/**
 * The body with its Content-Encoding undone (gzip, deflate, br, in the order they were applied). As fetch does, a
 * list with any coding it does not know (`identity` and empty entries too) leaves the whole body as it came.
 */
function decode(res: http.IncomingMessage, req: http.ClientRequest, contentEncoding: string | undefined): Readable {
  if (contentEncoding === undefined) return res;
  const codings = contentEncoding.toLowerCase().split(',');
  for (let i = 0; i < codings.length; i++) {
    const coding = codings[i]!.trim();
    if (!DECODABLE.has(coding)) return res;
    codings[i] = coding;
  }
  const decoders = codings.reverse().map(decoderFor);
  let body: Readable = res;
  for (const decoder of decoders) body = body.pipe(decoder);
  const last = body;
  // Without a listener a zlib error would be thrown from the event loop. The reader reads the last decoder, which an
  // earlier one's error would leave waiting for input that never comes: it fails with that error.
  for (const decoder of decoders) {
    decoder.on('error', (error) => {
      req.destroy();
      // Stryker disable next-line ConditionalExpression: the last decoder emits its own error once destroyed with it, and destroying it again does nothing
      if (decoder !== last) last.destroy(error);
    });
  }
  return last;
}

function decoderFor(coding: string): Transform {
  return coding === 'br' ? zlib.createBrotliDecompress(LENIENT_BROTLI) : coding === 'deflate' ? new DeflateDecoder() : zlib.createGunzip(LENIENT);
}

const DECODABLE = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** Flushing as undici does, so a body whose last block lacks its flush marker (or an empty one) still decodes. */
const LENIENT = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const LENIENT_BROTLI = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/** `deflate` is zlib-wrapped by the standard and raw by some servers: the first byte tells which. */
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.inner) {
      // A zlib header's first byte names the deflate method (8) in its low bits.
      this.inner = (chunk[0]! & 0x0f) === 0x08 ? zlib.createInflate(LENIENT) : zlib.createInflateRaw(LENIENT);
      this.inner.on('data', (data: Buffer) => this.push(data));
      this.inner.on('error', (error) => this.destroy(error));
    }
    this.inner.write(chunk, () => done());
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) return done();
    this.inner.once('end', () => done());
    this.inner.end();
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    // Stryker disable next-line OptionalChaining: destroyed before its first chunk only when the whole body already failed (answer()'s fail): Node turns the TypeError into an 'error' nothing reads any more
    this.inner?.destroy();
    done(error);
  }
}

/**
 * The decoded body as a web ReadableStream (what Response.body and client.fetch callers read), which
 * also offers its push form to EventStream (streaming/push-body.ts): one flow, read one way or the
 * other. Either way it pulls from the socket only as fast as the reader reads (pause/resume), ends
 * with an error when the body is cut off or aborted, and cancelling it closes the connection. The web
 * stream starts nothing by itself (high-water mark 0), so the push form finds the body untouched.
 */
function streamBody(req: http.ClientRequest, res: http.IncomingMessage, decoded: Readable): ReadableStream<Uint8Array> {
  let reader: { chunk(bytes: Uint8Array): void; end(): void; fail(error: unknown): void } | undefined;
  /** How the body settled before a reader came: an error to hand it (a body can only end once read). */
  let failedEarly: { error: unknown } | undefined;
  let done = false;
  let cancelled = false;
  // Listening at once: an error with no listener would be thrown from the event loop.
  whenSettled(
    res,
    decoded,
    () => {
      // Stryker disable next-line ConditionalExpression: 'end' never comes after the body failed or was cancelled (cancel destroys the request and its response, which then emit no 'end'), so done is false here; the `→ true` mutant, which ends no stream, is killed by every stream test
      if (done) return;
      // Stryker disable next-line BooleanLiteral: nothing fails a body after its end (its response is complete, so 'close' is no cut; a cancel sets done itself)
      done = true;
      if (reader) queueMicrotask(reader.end);
    },
    (error) => {
      if (done) return;
      done = true;
      if (reader) queueMicrotask(() => reader!.fail(error));
      else failedEarly = { error };
    },
  );
  decoded.pause();
  const push: PushBody = {
    start(chunk, end, fail) {
      reader = { chunk, end, fail };
      if (failedEarly) return fail(failedEarly.error);
      // The reader hears of each chunk (and the end) in a microtask, never inside the socket's own
      // data event: a reader that stops there (its end marker came) would destroy the request while
      // node:http is still handing the socket back to its agent, and that error has no listener.
      decoded.on('data', (bytes: Buffer) => {
        queueMicrotask(() => {
          if (!cancelled) chunk(bytes);
        });
      });
      decoded.resume();
    },
    pause: () => decoded.pause(),
    resume: () => decoded.resume(),
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (reader) return void decoded.resume();
        push.start(
          (bytes) => {
            controller.enqueue(bytes);
            decoded.pause();
          },
          () => controller.close(),
          (error) => controller.error(error),
        );
      },
      cancel() {
        done = cancelled = true;
        req.destroy();
      },
    },
    { highWaterMark: 0 },
  );
  offerPushBody(stream, push);
  return stream;
}
