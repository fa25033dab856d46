import { describe, expect, it } from 'vitest';
import { ResponseHead } from '../src/response-head.js';

/** `ok` as the WHATWG Response has it: 200–299 only (the transport never makes a head of a 1xx, but the class must not lie). */
describe('ResponseHead.ok', () => {
  it.each([200, 204, 299])('%i is ok, as Response says', (status) => {
    const head = new ResponseHead(status, '', [], null);
    expect(head.ok).toBe(true);
    expect(head.toResponse().ok).toBe(true);
  });

  it.each([300, 301, 404, 599])('%i is not ok, as Response says', (status) => {
    const head = new ResponseHead(status, '', [], null);
    expect(head.ok).toBe(false);
    expect(head.toResponse().ok).toBe(false);
  });

  it.each([100, 199])('a %i is not ok', (status) => {
    expect(new ResponseHead(status, '', [], null).ok).toBe(false);
  });
});
