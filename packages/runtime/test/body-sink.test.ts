import { describe, expect, it } from 'vitest';
import { BodySink } from '../src/body.js';
import { ResponseTooLargeError } from '../src/index.js';

/** The sink a body read whole goes into, as a transport drives it (the size limit is tested over HTTP in response-body.test.ts). */
describe('BodySink', () => {
  it('hands a body that came in one chunk over as it is, without a copy', () => {
    const sink = new BodySink(100);
    const chunk = new Uint8Array([1, 2, 3]);
    sink.add(chunk);
    expect(sink.bytes()).toBe(chunk);
  });

  it('refuses a body past its limit with status 0 before any head was recorded', () => {
    const sink = new BodySink(2);
    let error: unknown;
    try {
      sink.add(new Uint8Array(3));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 0, limit: 2 });
  });
});
