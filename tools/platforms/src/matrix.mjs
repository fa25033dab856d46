// The matrix: the packed packages installed into one fresh project, then the smoke suite on each runtime
// against its own embedded server, then what that server saw (the SDK's identity, nothing invalid sent).
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '@coze/mock-server';
import { chromium } from './chromium.mjs';
import { installFresh, packWorkspacePackages, userEnvironment } from './fresh-project.mjs';
import { PROCESS_RUNTIMES } from './runtimes.mjs';
import { workerd } from './workerd.mjs';

const smokeDir = fileURLToPath(new URL('../smoke/', import.meta.url));
const SMOKE_FILES = ['suite.mjs', 'cli.mjs', 'cli.cjs', 'worker.mjs', 'browser.mjs'];

/** Every runtime of the matrix, in the order of the table. */
export const RUNTIMES = [...PROCESS_RUNTIMES, workerd, chromium];

/**
 * @typedef {import('./runtimes.mjs').Check} Check
 * @typedef {{ runtime: string, version: string, checks: Check[], seconds: number }} Row
 */

/**
 * Packs the built packages, installs them with npm into a fresh project and runs the smoke suite on
 * each runtime (one at a time: the machine is shared). Never throws for a failing runtime: its row
 * says what failed.
 *
 * @param {{ only?: string[], onRow?: (row: Row) => void }} [options] `only`: runtime names to run
 * @returns {Promise<Row[]>}
 */
export async function runMatrix({ only, onRow } = {}) {
  const scratch = await mkdtemp(join(tmpdir(), 'coze-platforms-'));
  try {
    const tarballs = await packWorkspacePackages(scratch);
    const project = await installFresh(join(scratch, 'app'), [tarballs.runtime, tarballs.client]);
    for (const file of SMOKE_FILES) await copyFile(join(smokeDir, file), join(project, file));
    const manifest = JSON.parse(await readFile(join(project, 'node_modules/@coze/client/package.json'), 'utf8'));
    // Caches of the runtimes stay inside the scratch folder; no update checks, no telemetry.
    const env = userEnvironment({
      DENO_DIR: join(scratch, 'deno-cache'),
      DENO_NO_UPDATE_CHECK: '1',
      BUN_INSTALL_CACHE_DIR: join(scratch, 'bun-cache'),
      DO_NOT_TRACK: '1',
      // Empty is read as unset: the suite's "no key" step is the same on every machine.
      COZE_API_KEY: '',
    });
    const rows = [];
    for (const runtime of RUNTIMES) {
      if (only && !only.some((name) => runtime.name.toLowerCase().startsWith(name.toLowerCase()))) continue;
      const row = await runOne(runtime, { project, env, scratch, clientVersion: manifest.version });
      onRow?.(row);
      rows.push(row);
    }
    return rows;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * @param {import('./runtimes.mjs').Runtime} runtime
 * @param {{ project: string, env: Record<string, string>, scratch: string, clientVersion: string }} context
 * @returns {Promise<Row>}
 */
async function runOne(runtime, { project, env, scratch, clientVersion }) {
  const started = performance.now();
  const binary = runtime.binary();
  if (!binary) {
    const missing = { name: 'the runtime is installed', ok: false, detail: 'its package did not install on this platform' };
    return { runtime: runtime.name, version: '-', checks: [missing], seconds: 0 };
  }
  const server = await startMockServer();
  try {
    const version = await runtime.version(binary, env);
    /** @type {Check[]} */
    let checks;
    try {
      checks = await runtime.run(binary, { project, env, scratch, baseURL: server.url, apiKey: server.tokens.admin });
    } catch (error) {
      checks = [{ name: 'the suite ran', ok: false, detail: error instanceof Error ? error.message : String(error) }];
    }
    checks.push(identityCheck(runtime.identity(version), clientVersion, server.requests));
    checks.push(nothingInvalidSent(server.requests));
    return { runtime: runtime.name, version, checks, seconds: (performance.now() - started) / 1000 };
  } finally {
    await server.close();
  }
}

/**
 * Every request the server saw says which SDK, runtime and OS sent it.
 *
 * @param {{ header: string, platform: RegExp }} expected
 * @param {string} clientVersion
 * @param {import('@coze/mock-server').RecordedRequest[]} requests
 * @returns {Check}
 */
function identityCheck({ header, platform }, clientVersion, requests) {
  const name = `every request carries ${header === 'user-agent' ? 'User-Agent' : 'X-Coze-Client'}: coze-client-ts/${clientVersion} (…)`;
  const prefix = `coze-client-ts/${clientVersion} (`;
  const wrong = requests
    .map((request) => String(request.headers[header]))
    .filter((value) => !(value.startsWith(prefix) && value.endsWith(')') && platform.test(value.slice(prefix.length, -1))));
  if (requests.length < 10) return { name, ok: false, detail: `the server saw only ${requests.length} request(s)` };
  return wrong.length === 0 ? { name, ok: true, detail: String(requests[0]?.headers[header]) } : { name, ok: false, detail: `${wrong.length} of ${requests.length}: ${wrong[0]}` };
}

/**
 * What must fail before sending never reached the server: temperature 2, and `stream: true` from chat.create.
 *
 * @param {import('@coze/mock-server').RecordedRequest[]} requests
 * @returns {Check}
 */
function nothingInvalidSent(requests) {
  const name = 'the server saw no invalid request (temperature 2, chat.create with stream)';
  const invalid = requests.filter((request) => {
    const body = /** @type {{ temperature?: unknown, stream?: unknown } | undefined} */ (request.body);
    const streamWithoutAccept = body?.stream === true && !String(request.headers.accept).includes('text/event-stream');
    return body?.temperature === 2 || streamWithoutAccept;
  });
  return invalid.length === 0 ? { name, ok: true } : { name, ok: false, detail: `${invalid.length} sent` };
}

/**
 * The table `pnpm test:platforms` prints: runtime, version, passed/failed; then what failed, if anything.
 *
 * @param {Row[]} rows
 */
export function formatTable(rows) {
  const lines = [['runtime', 'version', 'result', 'checks', 'time']];
  for (const row of rows) {
    const passed = row.checks.filter((check) => check.ok).length;
    const result = passed === row.checks.length ? 'passed' : 'FAILED';
    lines.push([row.runtime, row.version, result, `${passed}/${row.checks.length}`, `${row.seconds.toFixed(1)} s`]);
  }
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const text = lines.map((line) => `| ${line.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
  text.splice(1, 0, `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
  for (const row of rows) {
    for (const check of row.checks.filter((c) => !c.ok)) {
      // The first lines of a failure say what it is; a whole stack would bury the table.
      const detail = check.detail ? ` — ${check.detail.split('\n').slice(0, 8).join('\n    ')}` : '';
      text.push(`  ${row.runtime}: ✗ ${check.name}${detail}`);
    }
  }
  const green = rows.filter((row) => row.checks.every((check) => check.ok)).length;
  text.push(`runtimes: ${green} of ${rows.length} passed every check`);
  return text.join('\n');
}
