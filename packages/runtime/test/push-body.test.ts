import { describe, expect, it } from 'vitest';
import { offerPushBody, pushBodyOf, type PushBody } from '../src/streaming/push-body.js';

// What node:http's streamed bodies rely on (test/node-stream-body.node-test.ts reads them both ways over a real
// socket): EventStream finds the push form by the web stream it was given, and reads that stream itself otherwise.
describe('push bodies', () => {
  it('are found by the web stream they were offered with, and by no other', () => {
    const push: PushBody = { start: () => undefined, pause: () => undefined, resume: () => undefined };
    const offered = new ReadableStream<Uint8Array>();
    offerPushBody(offered, push);
    expect(pushBodyOf(offered)).toBe(push);
    expect(pushBodyOf(new ReadableStream<Uint8Array>())).toBeUndefined();
  });
});
