// Runs the pinned Spectral CLI (a dependency of this package) with the OWASP ruleset beside this package
// (spectral.yaml). The ruleset lives here, not at the repository root, because Spectral resolves the rulesets it
// extends from the ruleset file's folder, and this package is the one that depends on them.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@stoplight/spectral-cli/package.json')), 'dist/index.js');
export const SPECTRAL_RULESET = fileURLToPath(new URL('../spectral.yaml', import.meta.url));

/**
 * Lints files with Spectral from `cwd` (so annotation paths are relative to it), every finding counting as a
 * failure (`--fail-severity=hint`).
 *
 * @returns {{ status: number | null, stdout: string, stderr: string }}
 */
export function spectral(cwd, files, { ruleset = SPECTRAL_RULESET } = {}) {
  const args = ['lint', ...files, `--ruleset=${relative(cwd, ruleset)}`, '--format=github-actions', '--fail-severity=hint'];
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
