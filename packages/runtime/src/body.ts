import { ResponseTooLargeError } from './errors/index.js';

/** The default `maxResponseBytes`: far above any JSON answer of the API, far below trouble. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** A Content-Length HTTP's framing holds the body to (not "5, 5", "-1" or "1.5"). */
const DIGITS = /^\d+$/;

/** A response's status line and headers, as a transport first gets them. */
export interface WireHead {
  status: number;
  statusText: string;
  /** As fetch gave them, or name and value pairs as they came. */
  headers: Headers | Array<[string, string]>;
}

/**
 * Where a transport puts a body read whole, chunk by decoded chunk: the size limit, counted after
 * decompression, lives here once for every transport. Past `limit` bytes `add` throws
 * ResponseTooLargeError, so a huge or decompression-bomb body costs at most `limit` bytes of
 * memory. The transport records the head first, so that a body that then fails (cut off, timed
 * out, too large) still has its status.
 */
export class BodySink {
  head: WireHead | undefined;
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(readonly limit: number) {}

  /**
   * Records the head; throws at once when a declared Content-Length is already too large. Returns
   * whether the body's length is declared and within the limit: HTTP's framing then bounds the body,
   * so a transport may read it in one go rather than chunk by chunk.
   */
  start(head: WireHead): boolean {
    this.head = head;
    // An encoded body's length is the compressed size: only the count after decoding can tell.
    const declared = header(head, 'content-encoding') === null ? header(head, 'content-length') : null;
    // Stryker disable next-line ConditionalExpression: without a length, Number(null) is 0 and DIGITS.test(null) false: this return only says so sooner
    if (declared === null) return false;
    if (Number(declared) > this.limit) this.tooLarge();
    return DIGITS.test(declared);
  }

  add(chunk: Uint8Array): void {
    this.size += chunk.byteLength;
    if (this.size > this.limit) this.tooLarge();
    this.chunks.push(chunk);
  }

  bytes(): Uint8Array {
    const { chunks } = this;
    if (chunks.length === 1) return chunks[0]!;
    const bytes = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }

  private tooLarge(): never {
    throw new ResponseTooLargeError(this.head?.status ?? 0, this.limit);
  }
}

/** One header of a head, whichever form its headers have. */
export function header(head: WireHead, name: string): string | null {
  return readHeader(head.headers, name);
}

/**
 * One header (`name` in lower case) as Headers.get gives it, the values of a repeated header joined
 * with ", ", from a Headers or from name and value pairs as a transport got them.
 */
export function readHeader(headers: Headers | ReadonlyArray<[string, string]>, name: string): string | null {
  // Stryker disable next-line ConditionalExpression: iterating a Headers gives the same lower-case names, and the loop joins what get() joins: get() is only quicker
  if (headers instanceof Headers) return headers.get(name);
  let value: string | null = null;
  for (const [key, item] of headers) {
    // Stryker disable next-line ConditionalExpression: a key of another length never equals `name` (ASCII) in lower case: the length test only skips it sooner
    if (key.length === name.length && key.toLowerCase() === name) {
      value = value === null ? item : `${value}, ${item}`;
    }
  }
  return value;
}

const utf8 = new TextDecoder();

/** UTF-8 text, with a leading byte-order mark dropped (as fetch's `text()` does). */
export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
