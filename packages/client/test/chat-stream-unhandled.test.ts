import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./fixtures/stream-fails-before-next.mjs', import.meta.url));

/**
 * Issue 12, finding 2: chat.stream() sends its request at once. When that request fails before the
 * caller's first next() (a 401 here), the rejection must wait for the caller, not crash the process
 * under Node's default `--unhandled-rejections=throw`. Runs the built client in a child process.
 */
describe('chat.stream() that fails before it is read', () => {
  it('never becomes an unhandled rejection: each way of reading it gets the error 200 ms later', async () => {
    const { stdout } = await run(process.execPath, ['--unhandled-rejections=throw', script], { timeout: 30_000 });
    expect(stdout.trim().split('\n')).toEqual([
      'for await: AuthenticationError 401',
      'withResponse: AuthenticationError 401',
      'finalChat: AuthenticationError 401',
      'textDeltas: AuthenticationError 401',
      'close: closed',
    ]);
  });
});
