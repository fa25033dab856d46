/**
 * A response body that can hand its chunks straight to a reader, without a web stream between: Node's
 * own stream under a node:http response. Measured on a 20 MB event stream, reading node:http through a
 * ReadableStream (a promise and a pause/resume per chunk) cost as much as parsing every event, so
 * EventStream reads the body this way when the transport offers it, and through the web stream
 * otherwise (fetch, Bun, Deno, Workers, browsers).
 */
export interface PushBody {
  /**
   * Starts the flow, once: `chunk` for each piece of the body, then `end` when it is complete or
   * `fail` when it broke off (also when that happened before the flow started).
   */
  start(chunk: (bytes: Uint8Array) => void, end: () => void, fail: (error: unknown) => void): void;
  /** Stops the chunks for now (the socket stops reading when its buffers are full). */
  pause(): void;
  resume(): void;
}

/** The push form of each web stream that has one; the web stream stays the body's public face. */
const pushBodies = new WeakMap<ReadableStream<Uint8Array>, PushBody>();

/** Offers `push` as the way to read `stream`; whoever locks the stream may use either, not both. */
export function offerPushBody(stream: ReadableStream<Uint8Array>, push: PushBody): void {
  pushBodies.set(stream, push);
}

/** The push form of a body, if its transport offered one. */
export function pushBodyOf(stream: ReadableStream<Uint8Array>): PushBody | undefined {
  return pushBodies.get(stream);
}
