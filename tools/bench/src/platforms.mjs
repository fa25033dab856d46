// 11. The platform matrix: CozeAPI.chat.create against each runtime's own fetch doing the same POST and
// JSON.parse, on Node 22, Node 24, Bun and Deno (Node 20 for reference), against the minimal chat server.
// The SDK comes from `pnpm pack` tarballs installed with npm into a fresh folder, as users get it (the same
// packing and installing as tools/platforms' smoke matrix, whose pinned runtime binaries this uses too).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installFresh, packWorkspacePackages, userEnvironment } from '../../platforms/src/index.mjs';
import { runBounded, resultsFrom } from '../../platforms/src/processes.mjs';
import { PROCESS_RUNTIMES } from '../../platforms/src/runtimes.mjs';
import { CHAT_REQUEST } from './chat-fixture.mjs';

/** Issue 18 asks for the figures side by side; the throughput goal's bar, for reference in the table. */
export const REFERENCE_RATIO = 0.9;

const RUNNER = fileURLToPath(new URL('./platform-runner.mjs', import.meta.url));

/**
 * How each runtime runs the runner, with a garbage collection between bursts where it takes a flag.
 * The order of the table: the runtimes of the goal first, Node 20 (the repository's own Node) last.
 */
const PLATFORMS = [
  { name: 'Node 22', args: ['--expose-gc'], transport: 'node:http' },
  { name: 'Node 24', args: ['--expose-gc'], transport: 'node:http' },
  // --no-install: resolve from node_modules only, never fetch a package on the fly. Bun resolves the package's
  // `bun` condition: its own fetch, with no proxy set.
  { name: 'Bun', args: ['--no-install'], transport: 'Bun’s fetch' },
  // Network to loopback only; no env, files or prompts. Deno resolves the package's `deno` condition: fetch.
  { name: 'Deno', args: ['run', '--no-prompt', '--no-lock', '--allow-net=127.0.0.1', '--v8-flags=--expose-gc'], transport: 'fetch' },
  { name: 'Node 20', args: ['--expose-gc'], transport: 'node:http', reference: true },
];

/**
 * @param {{ url: string, requests: number, rounds: number, concurrencies: number[], timeLimitMs: number,
 *   only?: string[], log: (line: string) => void }} options `timeLimitMs` bounds each runtime's rounds
 *   (its process is killed a minute after that)
 */
export async function runPlatforms({ url, requests, rounds, concurrencies, timeLimitMs, only, log }) {
  const scratch = await mkdtemp(join(tmpdir(), 'coze-bench-platforms-'));
  try {
    log('  packing @coze/runtime and @coze/client and installing the tarballs into a fresh project');
    const tarballs = await packWorkspacePackages(scratch);
    const project = await installFresh(join(scratch, 'app'), [tarballs.runtime, tarballs.client]);
    await copyFile(RUNNER, join(project, 'runner.mjs'));
    const env = userEnvironment({
      DENO_DIR: join(scratch, 'deno-cache'),
      DENO_NO_UPDATE_CHECK: '1',
      BUN_INSTALL_CACHE_DIR: join(scratch, 'bun-cache'),
      DO_NOT_TRACK: '1',
    });
    const config = JSON.stringify({ url, token: 'bench-token', body: CHAT_REQUEST, requests, rounds, concurrencies, timeLimitMs });
    const rows = [];
    for (const platform of PLATFORMS) {
      if (only && !only.includes(platform.name)) continue;
      const runtime = PROCESS_RUNTIMES.find((r) => r.name === platform.name);
      const binary = runtime?.binary();
      const base = { runtime: platform.name, transport: platform.transport, reference: Boolean(platform.reference) };
      if (!binary) {
        log(`  ${platform.name}: not installed (its package did not install on this platform)`);
        rows.push({ ...base, version: '–', missing: true, results: [] });
        continue;
      }
      const version = await runtime.version(binary, env);
      try {
        const { stdout } = await runBounded(binary, [...platform.args, 'runner.mjs', config], { cwd: project, env, timeoutMs: timeLimitMs + 60_000 });
        const results = resultsFrom(stdout);
        for (const result of results) if (result.errors) log(`  ! ${platform.name} c=${result.concurrency}: ${result.errors} failed call(s): ${result.firstError}`);
        rows.push({ ...base, version, results });
        log(`  ${platform.name} ${version}: ${results.map((r) => `c=${r.concurrency} ${r.ratio.toFixed(2)}×`).join(', ')}`);
      } catch (error) {
        log(`  ! ${platform.name}: ${String(error.message ?? error).split('\n')[0]}`);
        rows.push({ ...base, version, failed: String(error.message ?? error).split('\n')[0], results: [] });
      }
    }
    return rows;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
