import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's tinyproxy (see .ci/run), started on a free port on 127.0.0.1 with its own config and log. */
export interface Tinyproxy {
  /** `http://127.0.0.1:<port>` (with `user:password@` when started with credentials) */
  url: string;
  /** The log so far: one INFO line per request (`Request (file descriptor N): GET http://… HTTP/1.1`). */
  log(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startTinyproxy(credentials?: { user: string; password: string }): Promise<Tinyproxy> {
  const dir = mkdtempSync(join(tmpdir(), 'coze-tinyproxy-'));
  const port = await freePort();
  const logFile = join(dir, 'tinyproxy.log');
  writeFileSync(
    join(dir, 'tinyproxy.conf'),
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 30',
      `LogFile "${logFile}"`,
      'LogLevel Info',
      'MaxClients 50',
      'Allow 127.0.0.1',
      'DisableViaHeader Yes',
      ...(credentials ? [`BasicAuth ${credentials.user} ${credentials.password}`] : []),
    ].join('\n'),
  );
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  let missing = false;
  child.once('error', () => (missing = true));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  for (let tries = 0; !(await accepting(port)); tries++) {
    if (missing) throw new Error('tinyproxy is not installed: run packages/runtime/scripts/ensure-tinyproxy.sh (as root)');
    if (tries > 100 || child.exitCode !== null) {
      child.kill();
      throw new Error(`tinyproxy did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const auth = credentials ? `${credentials.user}:${credentials.password}@` : '';
  return {
    url: `http://${auth}127.0.0.1:${port}`,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
