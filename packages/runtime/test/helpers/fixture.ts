import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, expect } from 'vitest';
import { baselineTimeouts, expectHooksRedacted, recordingHooks, settledTimeouts, trackRuntimeTimers } from './leaks.js';
import { startRawServer, type RawAnswer, type RawServer } from './raw-server.js';
import { startServer, type Handler, type TestServer } from './server.js';

export interface Fixture {
  /** Starts a server that is closed after the test. */
  serve(handler: Handler): Promise<TestServer>;
  /** Starts a TCP server that writes bytes of the test's own choosing, closed after the test like `serve`'s. */
  serveRaw(answer: RawAnswer): Promise<RawServer>;
  /** Hooks whose records are checked for the token after the test. */
  hooks: ReturnType<typeof recordingHooks>;
}

/**
 * Registers beforeEach/afterEach for integration tests. After every test, with its servers closed,
 * it checks that no timer the runtime created is still pending, that the process holds no more
 * timers than before the test, and that the hooks never saw the token. So every path a test
 * drives (success, each error, abort, stream end) also proves that it cleans up.
 */
export function useIntegration(): Fixture {
  let servers: Array<TestServer | RawServer> = [];
  let tracker: ReturnType<typeof trackRuntimeTimers> | undefined;
  let baseline = 0;
  const fixture: Fixture = {
    serve: async (handler) => {
      const server = await startServer(handler);
      servers.push(server);
      return server;
    },
    serveRaw: async (answer) => {
      const server = await startRawServer(answer);
      servers.push(server);
      return server;
    },
    hooks: recordingHooks(),
  };

  beforeEach(async () => {
    fixture.hooks = recordingHooks();
    baseline = await baselineTimeouts();
    tracker = trackRuntimeTimers();
  });

  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
    // Let the sockets' close events run before counting.
    await nextTurn();
    await nextTurn();
    try {
      expect(tracker?.live(), 'timers the runtime left pending').toEqual([]);
      expect(await settledTimeouts(baseline), 'timers keeping the process alive').toBeLessThanOrEqual(baseline);
      expectHooksRedacted(fixture.hooks.seen);
    } finally {
      tracker?.restore();
    }
  });

  return fixture;
}
