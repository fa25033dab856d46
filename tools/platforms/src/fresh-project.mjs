// The packages as a user gets them: `pnpm pack` tarballs installed with npm into a folder that holds
// nothing else. Everything here works offline: npm installs from the tarballs alone.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The publishable workspace packages, in dependency order. */
export const PACKAGES = /** @type {const} */ (['runtime', 'client']);

/**
 * Packs `@coze/runtime` and `@coze/client` from their built `dist` (run `pnpm build` first) with the
 * command the README gives users; `pnpm pack` turns `workspace:*` into real versions as publishing does.
 *
 * @param {string} destination an empty folder for the tarballs
 * @returns {Promise<Record<(typeof PACKAGES)[number], string>>} tarball paths by package folder name
 */
export async function packWorkspacePackages(destination) {
  const filters = PACKAGES.flatMap((name) => ['--filter', `@coze/${name}`]);
  await run('pnpm', [...filters, 'pack', '--pack-destination', destination], { cwd: repoRoot });
  const files = await readdir(destination);
  /** @type {Record<string, string>} */
  const tarballs = {};
  for (const name of PACKAGES) {
    const file = files.find((candidate) => new RegExp(`^coze-${name}-\\d.*\\.tgz$`).test(candidate));
    if (!file) throw new Error(`pnpm pack left no tarball of @coze/${name} in ${destination}`);
    tarballs[name] = join(destination, file);
  }
  return /** @type {Record<(typeof PACKAGES)[number], string>} */ (tarballs);
}

/**
 * Packs an installed dependency of this workspace (e.g. the optional peer openapi-fetch and what it
 * depends on), so a fresh project can install it without the network.
 *
 * @param {string} name package name, resolvable from `from`
 * @param {string} destination folder for the tarball
 * @param {string} [from] a file or folder inside the workspace package that depends on it
 */
export async function packInstalledDependency(name, destination, from = join(repoRoot, 'packages/client/package.json')) {
  const installed = await realpath(dirname(createRequire(from).resolve(`${name}/package.json`)));
  // pnpm's store hard-links files of equal content (index.d.mts and index.d.ts of one package); npm
  // packs those as tar hard links, which its own install then leaves out. Plain copies pack whole.
  const copy = await mkdtemp(join(destination, 'copy-'));
  await cp(installed, copy, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination, copy]);
  await rm(copy, { recursive: true, force: true });
  return join(destination, stdout.trim().split('\n').pop() ?? '');
}

/**
 * Creates `folder` with a bare package.json and installs the tarballs into it with npm, offline:
 * what lands in node_modules is exactly what the tarballs declare, nothing borrowed from the workspace.
 *
 * @param {string} folder
 * @param {string[]} tarballs
 * @param {{ type?: 'module' | 'commonjs' }} [options]
 */
export async function installFresh(folder, tarballs, options = {}) {
  await mkdir(folder, { recursive: true });
  const manifest = { name: 'fresh-project', version: '0.0.0', private: true, ...(options.type ? { type: options.type } : {}) };
  await writeFile(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: folder,
    // No user or project .npmrc either: a registry mirror or a global prefix must not change the result.
    env: userEnvironment({ npm_config_userconfig: join(folder, '.npmrc-none') }),
  });
  return folder;
}

/**
 * The environment of a user's shell: without what a parent pnpm put there. pnpm's bin shims (vitest's
 * too) set NODE_PATH to the workspace's hoisted node_modules, which let a "fresh" project find
 * openapi-fetch; and pnpm exports dozens of npm_config_* settings to its scripts.
 *
 * @param {Record<string, string>} [extra] variables to set
 * @returns {Record<string, string>}
 */
export function userEnvironment(extra = {}) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'NODE_PATH' && !/^(npm|pnpm)_/i.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}
