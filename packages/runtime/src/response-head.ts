import { readHeader } from './body.js';
import { headersToObject } from './redact.js';

/** Statuses whose Response has no body. */
const NULL_BODY = new Set([204, 205, 304]);
/** A reason phrase as HTTP allows it; anything else is dropped (RFC 9112: clients ignore it). */
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

/** What reads a header by name: a Headers, or a response's head. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * A response's status and headers as a transport got them. The WHATWG Response (and its Headers)
 * is made only when something asks for it — `withResponse()`, a stream, `client.fetch` — since on
 * Node making one costs more per call than the rest of the SDK's own work.
 */
export class ResponseHead implements HeaderReader {
  readonly statusText: string;
  readonly ok: boolean;
  /** A stream's body, unread; null when the body was read whole, is not wanted, or the status has none. */
  readonly body: ReadableStream<Uint8Array> | null;
  private made: Response | undefined;

  constructor(
    readonly status: number,
    statusText: string,
    /** As fetch gave them, or name and value pairs as they came. */
    private readonly headers: Headers | ReadonlyArray<[string, string]>,
    body: ReadableStream<Uint8Array> | null,
  ) {
    this.body = NULL_BODY.has(status) ? null : body;
    this.statusText = REASON.test(statusText) ? statusText : '';
    this.ok = status >= 200 && status < 300;
  }

  /** One header, as Headers.get gives it: the values of a repeated header joined with ", ". */
  get(name: string): string | null {
    return readHeader(this.headers, name);
  }

  /** Every header as a plain object with lower-case names (the Response's, so repeated ones read as it reads them). */
  toObject(): Record<string, string> {
    return headersToObject(this.toResponse().headers);
  }

  /** The status, reason and headers, for a Response made from them. */
  init(): ResponseInit {
    return { status: this.status, statusText: this.statusText, headers: this.headers as HeadersInit };
  }

  /** The WHATWG Response, made once. */
  toResponse(): Response {
    return (this.made ??= new Response(this.body, this.init()));
  }
}
