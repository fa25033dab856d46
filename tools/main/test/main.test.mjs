// `pnpm main` as a newcomer runs it: a few lines of progress and the result, on one screen; the tools' output in
// a log file; on a failure, the end of that log and its path; `--verbose` shows everything.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const main = fileURLToPath(new URL('../bin/main.mjs', import.meta.url));
/** A PATH whose `pnpm` is a stand-in from fixtures/ (see there why). */
const withBin = (name) => ({ PATH: `${fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))}:${process.env.PATH}` });
const env = { ...process.env, COZE_BASE_URL: '', COZE_API_KEY: '', ...withBin('noisy-bin') };

/** Runs the main job; resolves to its exit code and what it printed (stdout and stderr). */
async function mainJob(args = [], extraEnv = {}) {
  return run(process.execPath, [main, ...args], { cwd: root, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (/** @type {{ code: number, stdout: string, stderr: string }} */ error) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('pnpm main', () => {
  it('prints a few lines of progress and the result, and keeps the tools’ output in a log file', async () => {
    const { code, stdout, stderr } = await mainJob();
    expect(code, stdout + stderr).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    // One screen: two progress lines, the log's path, the quick start's dozen lines and where the docs are.
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toMatch(/^Checking for Chromium \(the docs’ browser test\)… done in [\d.]+ s$/);
    expect(lines[1]).toMatch(/^Building: lint the spec, generate the client, compile, docs… done in [\d.]+ s \(7 tasks, 7 cached\)$/);
    expect(stdout).toContain('(build log: .tmp/main.log)');
    expect(stdout).toMatch(/^burst {7}25 calls beyond the 10\/s limit: 25 succeeded, 0 failed/m);
    expect(stdout).toMatch(/^Reference docs: /m);
    // No banner, notice, warning or colour code reaches the screen.
    expect(stdout).not.toMatch(/\x1b\[|telemetry|deprecat|Warning|update available|UNRESOLVED_IMPORT|PLUGIN_TIMINGS/i);
    const log = await readFile(`${root}.tmp/main.log`, 'utf8');
    expect(log).toContain('[PLUGIN_TIMINGS] Warning');
    expect(log).toContain('Deprecation warning: Node.js 20');
  });

  it('--verbose shows the tools’ own output instead', async () => {
    const { code, stdout } = await mainJob(['--verbose']);
    expect(code).toBe(0);
    expect(stdout).toContain('@coze/runtime:build: ✔ Build complete');
    expect(stdout).not.toContain('(build log:');
  });

  it('on a failed build, prints the end of the log and its path, and fails', async () => {
    const { code, stdout, stderr } = await mainJob([], withBin('failing-bin'));
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/Building: .*… failed$/m);
    expect(stderr).toContain('error TS2322: the build broke here');
    expect(stderr).toMatch(/The whole log: .*\.tmp\/main\.log \(or run `pnpm main --verbose`\)/);
    expect(existsSync(`${root}.tmp/main.log`)).toBe(true);
  });
});
