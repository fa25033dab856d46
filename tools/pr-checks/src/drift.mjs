// Drift step: the committed generated code equals a fresh generation, for every package generated from the spec
// (the TypeScript client and the Python SDK). Each package owns its check (`generate:check` regenerates into a
// scratch folder, compares, lists the differing files and exits non-zero); this step runs each and reports.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs a package's `generate:check` script through pnpm.
 *
 * @param {object} input
 * @param {string} input.cwd             The repository root.
 * @param {string} input.packageDir      Repository-relative folder of the package, `packages/client`.
 * @param {string[]} [input.command]     The command to run; by default `pnpm --filter <name> generate:check`.
 * @returns {{ ok: boolean, output: string, findings: import('./findings.mjs').Finding[] }}
 */
export function checkDrift({ cwd, packageDir, command }) {
  const manifestPath = join(cwd, packageDir, 'package.json');
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
  if (!manifest?.scripts?.['generate:check']) {
    const message = `${packageDir}/package.json has no \`generate:check\` script, so drift cannot be checked.`;
    return { ok: false, output: '', findings: [{ severity: 'error', rule: 'drift', file: `${packageDir}/package.json`, message }] };
  }
  const [program, ...args] = command ?? ['pnpm', '--filter', manifest.name, 'generate:check'];
  const result = spawnSync(program, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim();
  if (result.status === 0) return { ok: true, output, findings: [] };
  const message = `The generated code differs from a fresh generation of the spec (or could not be generated). Run \`pnpm generate\` and commit the result.\n${output}`;
  return { ok: false, output, findings: [{ severity: 'error', rule: 'drift', message }] };
}

/** The packages whose code is generated from the spec. */
export const GENERATED_PACKAGES = ['packages/client', 'packages/python'];

/** @param {import('./context.mjs').Context} context */
export function driftStep(context) {
  const results = GENERATED_PACKAGES.map((packageDir) => ({ packageDir, ...checkDrift({ cwd: context.cwd, packageDir }) }));
  const failed = results.filter((result) => !result.ok).map((result) => result.packageDir);
  return {
    ok: failed.length === 0,
    findings: results.flatMap((result) => result.findings),
    summary: failed.length === 0 ? `generated code matches the spec (${GENERATED_PACKAGES.join(', ')})` : `generated code drifts or cannot be checked: ${failed.join(', ')}`,
  };
}
