import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_RETRY_AFTER_MS, backoffDelay, isRetryableStatus, parseRetryAfter } from '../src/index.js';

describe('backoffDelay', () => {
  it('doubles from 0.5 s with no jitter (random() = 0)', () => {
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelay(retry, () => 0))).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('is capped at 8 s', () => {
    expect(backoffDelay(5, () => 0)).toBe(8000);
    expect(backoffDelay(40, () => 0)).toBe(8000);
    expect(backoffDelay(2000, () => 0)).toBe(8000);
  });

  it('takes off at most 25% (random() = 1)', () => {
    expect([0, 1, 2, 3, 4, 10].map((retry) => backoffDelay(retry, () => 1))).toEqual([375, 750, 1500, 3000, 6000, 6000]);
  });

  it('scales the jitter linearly in between (random() = 0.5 → 12.5% off)', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(437.5);
    expect(backoffDelay(3, () => 0.5)).toBe(3500);
  });

  it('stays within [75%, 100%] of min(0.5 s × 2^n, 8 s) for any random() in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), fc.double({ min: 0, max: 1, noNaN: true }), (retry, r) => {
        const base = Math.min(500 * 2 ** retry, 8000);
        const delay = backoffDelay(retry, () => r);
        expect(delay).toBeGreaterThanOrEqual(base * 0.75);
        expect(delay).toBeLessThanOrEqual(base);
      }),
    );
  });

  it('draws its jitter from Math.random by default', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(1);
    try {
      expect(backoffDelay(1)).toBe(750);
      expect(random).toHaveBeenCalledTimes(1);
    } finally {
      random.mockRestore();
    }
  });
});

describe('parseRetryAfter', () => {
  // A whole second, so that HTTP dates (second resolution) give exact waits.
  const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
  const headers = (init: Record<string, string>) => new Headers(init);

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads seconds', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after': '0' }))).toBe(0);
    expect(parseRetryAfter(headers({ 'Retry-After': '120' }))).toBe(120_000);
  });

  it('reads fractional seconds', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '1.5' }))).toBe(1500);
    expect(parseRetryAfter(headers({ 'retry-after': '0.25' }))).toBe(250);
  });

  it('reads an HTTP date in the future as the time left until then (from Date.now by default)', () => {
    const inThirtySeconds = new Date(NOW + 30_000).toUTCString();
    expect(parseRetryAfter(headers({ 'retry-after': inThirtySeconds }))).toBe(30_000);
    vi.setSystemTime(NOW + 10_000);
    expect(parseRetryAfter(headers({ 'retry-after': inThirtySeconds }))).toBe(20_000);
    expect(parseRetryAfter(headers({ 'retry-after': inThirtySeconds }), NOW + 29_000)).toBe(1000);
  });

  it('reads the obsolete RFC 850 date form too', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Wednesday, 15-Jan-25 12:00:05 GMT' }))).toBe(5000);
  });

  it('reads the asctime date form too, with no comma after the day name, as GMT whatever the machine’s zone', () => {
    const asctime = 'Wed Jan 15 12:00:05 2025';
    const zone = process.env.TZ;
    const offsets = new Set<number>();
    try {
      for (const tz of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles']) {
        process.env.TZ = tz;
        offsets.add(new Date(Date.UTC(2025, 0, 15)).getTimezoneOffset());
        expect(parseRetryAfter(headers({ 'retry-after': asctime }), Date.UTC(2025, 0, 15, 12, 0, 0)), tz).toBe(5000);
      }
      // In a worker thread (Stryker's runner) setting TZ changes nothing: the check then means something only if
      // the process itself runs off GMT, as the mutation config makes it (tools/mutation/stryker.base.mjs).
      expect([...offsets].some((offset) => offset !== 0), 'no zone off GMT was in effect').toBe(true);
      // A single-digit day is padded with a space in asctime.
      expect(parseRetryAfter(headers({ 'retry-after': 'Sun Jan  5 12:00:05 2025' }), Date.UTC(2025, 0, 5, 12, 0, 0))).toBe(5000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads an HTTP date in the past as 0 (go now), not a negative wait', () => {
    expect(parseRetryAfter(headers({ 'retry-after': new Date(NOW - 60_000).toUTCString() }))).toBe(0);
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }))).toBe(0);
  });

  it('lets retry-after-ms win over Retry-After', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '10' }))).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '12.5' }))).toBe(12.5);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '0', 'retry-after': '10' }))).toBe(0);
  });

  it('falls back to Retry-After when retry-after-ms is unreadable', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': 'soon', 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '-5', 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '', 'retry-after': '2' }))).toBe(2000);
  });

  it('is undefined when there is no header, or it is empty', () => {
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': '' }))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': '   ' }))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after-ms': '' }))).toBeUndefined();
  });

  // V8's Date.parse reads several of these ("-1", "+5", "a 1", ".5") as dates in 2001: trusting it
  // would turn garbage into "retry at once, no backoff".
  it.each(['soon', 'tomorrow', '-1', '+5', '.5', '5.', 'a 1', 'abc 12', '1e3', '0x10', '3 seconds', 'NaN', 'Infinity', '1,000'])(
    'ignores the garbage Retry-After %j (undefined: the normal backoff applies)',
    (value) => {
      expect(parseRetryAfter(headers({ 'retry-after': value }))).toBeUndefined();
    },
  );

  it('keeps a wait beyond the 60 s cap as it is (the transport decides not to sleep through it)', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
    expect(parseRetryAfter(headers({ 'retry-after': '61' }))).toBe(61_000);
  });
});

describe('parseRetryAfter, at the edges of its rules', () => {
  const headers = (init: Record<string, string>) => new Headers(init);

  it('ignores a date with text before it, though Date.parse would read it', () => {
    expect(Date.parse('x Mon, 01 Jan 2030 00:00:00 GMT')).not.toBeNaN();
    expect(parseRetryAfter(headers({ 'retry-after': 'x Mon, 01 Jan 2030 00:00:00 GMT' }))).toBeUndefined();
  });

  it('ignores a date shaped like an HTTP date that is none (the 32nd of January)', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Mon, 32 Jan 2030 12:00:00 GMT' }))).toBeUndefined();
  });

  it('falls back to Retry-After when retry-after-ms is only white space', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '  ', 'retry-after': '3' }))).toBe(3000);
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 409, 429, 500, 502, 503, 504 and nothing else', () => {
    const retryable = [];
    for (let status = 100; status < 600; status++) if (isRetryableStatus(status)) retryable.push(status);
    expect(retryable).toEqual([408, 409, 429, 500, 502, 503, 504]);
  });
});
