// `pnpm debug` as a person runs it: it prints the console's URL on a line of its own, serves the console with the
// embedded server filled in, and exits 0 on Ctrl+C (SIGINT to the terminal's process group) and on SIGTERM.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { repoDir } from './support.js';

const BIN = fileURLToPath(new URL('../bin/coze-debug.js', import.meta.url));

const groups = new Set<number>();
// A failed test must not leave its servers running.
afterEach(() => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  groups.clear();
});

/** Starts a command in a process group of its own, as a terminal does, and resolves its console URL. */
function start(command: string, args: string[]) {
  const child = spawn(command, args, { cwd: repoDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // The group is gone once its leader has exited and its pipes have closed.
  child.once('close', () => groups.delete(child.pid!));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${stdout}\n${stderr}`)), 60_000);
    child.stdout.on('data', () => {
      const match = /^Debug console: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before printing its URL:\n${stdout}\n${stderr}`));
    });
  });
  url.catch(() => {});
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

describe('pnpm debug', () => {
  it.each([
    ['Ctrl+C (SIGINT to the process group)', 'SIGINT' as const, true],
    ['SIGTERM to pnpm', 'SIGTERM' as const, false],
    ['SIGTERM to the process group', 'SIGTERM' as const, true],
  ])('serves the console and the embedded server, and exits 0 on %s', async (_, signal, group) => {
    const run = start('pnpm', ['debug']);
    const url = await run.url;
    const page = await fetch(url).then((r) => r.text());
    const embedded = /"embedded":\{"url":"(http:\/\/127\.0\.0\.1:\d+\/v1)"/.exec(page)?.[1];
    expect(embedded, page.slice(0, 300)).toBeDefined();
    expect(run.output().stdout).toContain(`Embedded server: ${embedded}`);
    const api = await fetch(`${embedded}/workflow`, { headers: { authorization: 'Bearer demo-read-token' } });
    expect(api.status).toBe(200);
    await api.arrayBuffer();

    process.kill(group ? -run.child.pid! : run.child.pid!, signal);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output().stdout).toContain(`Stopped (${signal}).`);
    expect(await refused(url)).toBe(true);
    expect(await refused(`${embedded}/workflow`)).toBe(true);
  });

  it('keeps both servers up after requests whose path does not decode', async () => {
    const run = start(process.execPath, [BIN]);
    const url = await run.url;
    const embedded = /^Embedded server: (http:\/\/127\.0\.0\.1:\d+\/v1) /m.exec(run.output().stdout)![1]!;
    // `/%` and a truncated UTF-8 escape: decodeURIComponent throws on both.
    for (const target of ['%', '%E0%A4%A']) {
      expect((await fetch(`${url}${target}`)).status, target).toBe(400);
      expect((await fetch(`${embedded}/${target}`)).status, target).toBeGreaterThanOrEqual(400);
    }
    expect((await fetch(url)).status).toBe(200);
    const api = await fetch(`${embedded}/workflow`, { headers: { authorization: 'Bearer demo-read-token' } });
    expect(api.status).toBe(200);
    process.kill(run.child.pid!, 'SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('documents its options, and exits 2 on a bad one', async () => {
    const help = start(process.execPath, [BIN, '--help']);
    expect(await help.exited).toEqual({ code: 0, signal: null });
    expect(help.output().stdout).toContain('--stream-delay <ms>');
    const bad = start(process.execPath, [BIN, '--port', 'eighty']);
    expect(await bad.exited).toEqual({ code: 2, signal: null });
    expect(bad.output().stderr).toContain('--port, --mock-port and --stream-delay take whole numbers');
  });
});
