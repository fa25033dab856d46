// Tests step (`--with-tests`): the repository's test command, `pnpm test`, as the pull-request workflow runs it.
// Its output goes straight to the terminal: it is long, and its progress is worth watching.
import { spawnSync } from 'node:child_process';

/** @param {import('./context.mjs').Context} context */
export function testsStep(context) {
  return pnpmStep(context, 'tests', ['test']);
}

/** Runs `pnpm <args>` at the root with its output on the terminal; the step passes when it exits 0. */
export function pnpmStep(context, rule, args) {
  const command = `\`pnpm ${args.join(' ')}\``;
  const result = spawnSync('pnpm', args, { cwd: context.cwd, stdio: 'inherit' });
  if (result.status === 0) return { ok: true, findings: [], summary: `${command} passed` };
  const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
  return { ok: false, findings: [{ severity: 'error', rule, message: `${command} failed (${why}); its output is above.` }], summary: `${command} failed (${why})` };
}
