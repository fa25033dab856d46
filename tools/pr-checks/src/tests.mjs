// Tests step (`--with-tests`): the repository's test command, `pnpm test`, as the pull-request workflow runs it.
// Its output goes straight to the terminal: it is long, and its progress is worth watching.
import { spawnSync } from 'node:child_process';

/** @param {import('./context.mjs').Context} context */
export function testsStep(context) {
  const result = spawnSync('pnpm', ['test'], { cwd: context.cwd, stdio: 'inherit' });
  if (result.status === 0) return { ok: true, findings: [], summary: '`pnpm test` passed' };
  const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
  return { ok: false, findings: [{ severity: 'error', rule: 'tests', message: `\`pnpm test\` failed (${why}); its output is above.` }], summary: `\`pnpm test\` failed (${why})` };
}
