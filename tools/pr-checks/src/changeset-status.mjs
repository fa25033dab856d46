// Changeset status step: the rule of `changeset status --since=<base>` — when a package that is published changed,
// the pull request adds a changeset — applied to the working tree, as every step is. (The CLI reads changesets
// from git's history only, so it misses the one `pnpm regen` just wrote and a maintainer has not committed yet.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readNewChangesets } from './changesets.mjs';

/**
 * The published workspace packages (not private, not ignored by .changeset/config.json) with a file changed since
 * the base commit: modified, added, removed or new and untracked.
 *
 * @returns {string[]} package names
 */
export function changedPackages(cwd, baseCommit) {
  const listed = spawnSync('pnpm', ['ls', '--recursive', '--depth', '-1', '--json'], { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (listed.status !== 0) throw new Error(`pnpm ls failed: ${listed.stderr.trim()}`);
  const config = join(cwd, '.changeset/config.json');
  const ignored = new Set(existsSync(config) ? (JSON.parse(readFileSync(config, 'utf8')).ignore ?? []) : []);
  const packages = JSON.parse(listed.stdout)
    .filter((pkg) => !pkg.private && !ignored.has(pkg.name) && pkg.path !== cwd)
    .map((pkg) => ({ name: pkg.name, dir: `${relative(cwd, pkg.path).split(sep).join('/')}/` }));
  const git = (args) => spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout ?? '';
  const files = [...git(['diff', '--name-only', baseCommit]).split('\n'), ...git(['ls-files', '--others', '--exclude-standard']).split('\n')].filter(Boolean);
  return packages.filter((pkg) => files.some((file) => file.startsWith(pkg.dir))).map((pkg) => pkg.name);
}

/** @param {import('./context.mjs').Context} context */
export function changesetStatusStep(context) {
  if (!context.base) return { ok: true, findings: [], summary: 'no base commit: nothing to compare' };
  const changed = changedPackages(context.cwd, context.base.commit);
  const changesets = readNewChangesets(context.cwd, context.base.commit);
  if (changed.length === 0 || changesets.length > 0) {
    return { ok: true, findings: [], summary: changed.length === 0 ? 'no published package changed' : `${changesets.length} changeset(s) for ${changed.join(', ')}` };
  }
  const message = `${changed.join(', ')} changed since ${context.base.ref}, and no changeset says how to release it: run \`pnpm changeset\` (or \`pnpm changeset --empty\` when it needs no release).`;
  return { ok: false, findings: [{ severity: 'error', rule: 'changeset-status', message }], summary: `${changed.join(', ')} changed without a changeset` };
}
