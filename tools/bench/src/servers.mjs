import { fork } from 'node:child_process';

/**
 * Starts the minimal chat and stream servers in a child process on 127.0.0.1.
 * @returns {Promise<{ chatUrl: string, streamUrl: string, streamBytes: number, deltas: number, close(): Promise<void> }>}
 */
export async function startBenchServers() {
  const child = fork(new URL('./server-process.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bench servers did not start within 30 s')), 30_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench servers exited early (code ${code})`));
    });
  });
  return {
    ...info,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
        setTimeout(() => child.kill(), 2_000).unref();
      }),
  };
}
