// The runtimes of the matrix, each pinned in package.json (optionalDependencies: binaries that only
// install on linux-x64), and how each runs the smoke suite from the fresh project.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runBounded, resultsFrom } from './processes.mjs';

const require = createRequire(import.meta.url);

/**
 * The binary a registry package ships, or undefined when it is not installed (another platform).
 *
 * @param {string} pkg
 * @param {string} file path inside the package
 */
export function binaryOf(pkg, file) {
  try {
    const path = join(dirname(require.resolve(`${pkg}/package.json`)), file);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @typedef {{ name: string, ok: boolean, detail?: string }} Check
 * @typedef {{ project: string, baseURL: string, apiKey: string, env: Record<string, string>, scratch: string }} RunContext
 * @typedef {{
 *   name: string,
 *   binary: () => string | undefined,
 *   version: (binary: string, env: Record<string, string>) => Promise<string>,
 *   run: (binary: string, context: RunContext) => Promise<Check[]>,
 *   identity: (version: string) => { header: 'user-agent' | 'x-coze-client', platform: RegExp },
 * }} Runtime
 */

/**
 * A pattern that matches `text` and nothing else.
 *
 * @param {string} text
 */
export function exactly(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** @param {string} binary @param {string[]} args @param {Record<string, string>} env */
async function versionLine(binary, args, env) {
  const { stdout } = await runBounded(binary, args, { cwd: process.cwd(), env, timeoutMs: 30_000 });
  return stdout.trim().split('\n')[0] ?? '';
}

/**
 * Runs a smoke entry to its end. The suite's results are printed before the process exits; a process
 * that then stays alive (a socket or timer left behind) keeps its results but fails one more check.
 *
 * @param {string} binary
 * @param {string[]} args
 * @param {RunContext} context
 * @returns {Promise<Check[]>}
 */
async function runSuite(binary, args, { project, env }) {
  const exits = 'the process exits by itself after the suite';
  try {
    const { stdout } = await runBounded(binary, args, { cwd: project, env, timeoutMs: 60_000 });
    return [...resultsFrom(stdout), { name: exits, ok: true }];
  } catch (error) {
    const stdout = /** @type {{ stdout?: string }} */ (error).stdout ?? '';
    if (!stdout.includes('[{')) throw error;
    return [...resultsFrom(stdout), { name: exits, ok: false, detail: String(/** @type {Error} */ (error).message).split('\n')[0] }];
  }
}

/**
 * Node: the suite through `import` (the ES module build) and through `require` (the CommonJS build).
 *
 * @param {string} major
 * @returns {Runtime}
 */
function node(major) {
  return {
    name: `Node ${major}`,
    binary: () => binaryOf(`node-${major}`, 'bin/node'),
    version: async (binary, env) => (await versionLine(binary, ['--version'], env)).replace(/^v/, ''),
    run: async (binary, context) => {
      const results = [];
      for (const [entry, label] of [['cli.mjs', 'import'], ['cli.cjs', 'require']]) {
        const checks = await runSuite(binary, [entry, context.baseURL, context.apiKey], context).catch((error) => [
          { name: 'the suite ran', ok: false, detail: error instanceof Error ? error.message : String(error) },
        ]);
        results.push(...checks.map((check) => ({ ...check, name: `${label}: ${check.name}` })));
      }
      return results;
    },
    identity: (version) => ({ header: 'user-agent', platform: exactly(`node ${version}; linux`) }),
  };
}

/** @type {Runtime} */
const bun = {
  name: 'Bun',
  binary: () => binaryOf('@oven/bun-linux-x64', 'bin/bun'),
  version: (binary, env) => versionLine(binary, ['--version'], env),
  // --no-install: resolve from node_modules only, never fetch a missing package on the fly.
  run: (binary, context) => runSuite(binary, ['--no-install', 'cli.mjs', context.baseURL, context.apiKey], context),
  identity: (version) => ({ header: 'user-agent', platform: exactly(`bun ${version}; linux`) }),
};

/** @type {Runtime} */
const deno = {
  name: 'Deno',
  binary: () => binaryOf('@deno/linux-x64-glibc', 'deno'),
  version: async (binary, env) => (await versionLine(binary, ['--version'], env)).split(' ')[1] ?? '',
  // Network to loopback only, and no environment, files or prompts: the SDK needs none of them when
  // it is given its options.
  run: (binary, context) =>
    runSuite(binary, ['run', '--no-prompt', '--no-lock', '--allow-net=127.0.0.1', 'cli.mjs', context.baseURL, context.apiKey], context),
  identity: (version) => ({ header: 'user-agent', platform: exactly(`deno ${version}; linux`) }),
};

export const PROCESS_RUNTIMES = [node('20'), node('22'), node('24'), bun, deno];
