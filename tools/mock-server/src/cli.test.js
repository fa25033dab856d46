import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/coze-mock.js', import.meta.url));

/**
 * Starts the CLI and resolves once it printed its URL (or exited first).
 * @param {string[]} args
 */
function startCli(args) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  /** @type {Promise<string>} */
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 10 s: ${stdout}${stderr}`)), 10_000);
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before listening: ${stderr}`));
    });
  });
  // Tests that expect an early exit never await the URL; that is not an unhandled failure.
  url.catch(() => {});
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('coze-mock', () => {
  it.each(
    /** @type {const} */ ([
      ['SIGTERM', ['--port', '0', '--stream-delay', '5']],
      // As `pnpm mock -- --port 0` runs it.
      ['SIGINT', ['--', '--port', '0']],
    ]),
  )('prints its URL and tokens, serves, and exits 0 on %s', async (signal, args) => {
    const cli = startCli([...args]);
    const url = await cli.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const { stdout } = cli.output();
    expect(stdout).toContain('read   demo-read-token');
    expect(stdout).toContain('write  demo-write-token');
    expect(stdout).toContain('admin  demo-admin-token');
    expect(stdout).toContain(`COZE_BASE_URL=${url} COZE_API_KEY=demo-admin-token`);

    const response = await fetch(`${url}/workflow`, { headers: { authorization: 'Bearer demo-read-token' } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();

    cli.child.kill(signal);
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toContain(`Stopped (${signal}).`);
    await expect(fetch(`${url}/workflow`)).rejects.toThrow();
  });

  it('documents its options and the default port in --help', async () => {
    const cli = startCli(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toContain('--port <n>          port to listen on; 0 picks a free one (default 4010)');
  });

  it('exits 2 on a bad argument and 1 when the server cannot start', async () => {
    const [bad, unknown, remote] = [
      startCli(['--port', 'eighty']),
      startCli(['--verbose']),
      startCli(['--port', '0', '--host', '0.0.0.0']),
    ];
    expect(await Promise.all([bad.exited, unknown.exited, remote.exited])).toEqual([2, 2, 1]);
    expect(bad.output().stderr).toContain("--port must be a whole number, not 'eighty'");
    expect(unknown.output().stderr).toContain("Unknown option '--verbose'");
    expect(remote.output().stderr).toContain('only listens on loopback');
  });
});
