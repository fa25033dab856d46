import { ResponseTooLargeError } from './errors/index.js';
import type { WireResponse } from './wire.js';

/** The default `maxResponseBytes`: far above any JSON answer of the API, far below trouble. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Reads a whole body, decoded (gzip, br, deflate undone by the transport), stopping with
 * ResponseTooLargeError as soon as it passes `limit` bytes: a huge or decompression-bomb body
 * costs at most `limit` bytes of memory.
 */
export async function readBody(response: WireResponse, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await response.read((chunk) => {
    size += chunk.byteLength;
    if (size > limit) throw new ResponseTooLargeError(response.status, limit);
    chunks.push(chunk);
  });
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Whether a declared Content-Length already says the body is too large (before any byte is read). */
export function declaredTooLarge(headers: Headers, limit: number): boolean {
  // An encoded body's length is the compressed size: only the count after decoding can tell.
  if (headers.has('content-encoding')) return false;
  const length = Number(headers.get('content-length'));
  return length > limit;
}

const utf8 = new TextDecoder();

/** UTF-8 text, with a leading byte-order mark dropped (as fetch's `text()` does). */
export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
