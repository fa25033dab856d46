import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIUserAbortError } from '../src/index.js';
// sleep is internal (not exported): the transport's backoff and Retry-After waits go through it.
import { sleep } from '../src/sleep.js';

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the given time, not before', async () => {
    let done = false;
    const slept = sleep(500).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once, with no time passing, when the signal aborts, and leaves no timer', async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    const error = await slept.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects without starting a timer when the signal has already fired', async () => {
    const controller = new AbortController();
    const reason = new Error('gave up before the wait');
    controller.abort(reason);
    const error = await sleep(1000, controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets go of the signal once it has slept', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const slept = sleep(100, controller.signal);
    await vi.advanceTimersByTimeAsync(100);
    await slept;
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // A later abort is not an error for a sleep that is over.
    controller.abort();
  });

  it('lets go of the signal when it aborts the sleep', async () => {
    const controller = new AbortController();
    const slept = sleep(1000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await expect(slept).rejects.toBeInstanceOf(APIUserAbortError);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
