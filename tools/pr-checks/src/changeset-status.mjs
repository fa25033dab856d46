// Changeset status step: `changeset status --since=<base>`, which checks that every package changed since the base
// (not only the client that releases the spec) has a changeset.
import { spawnSync } from 'node:child_process';

/** @param {import('./context.mjs').Context} context */
export function changesetStatusStep(context) {
  if (!context.base) return { ok: true, findings: [], summary: 'no base commit: nothing to compare' };
  const result = spawnSync('pnpm', ['exec', 'changeset', 'status', `--since=${context.base.commit}`], {
    cwd: context.cwd,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim();
  if (result.status === 0) return { ok: true, findings: [], summary: 'every changed package has a changeset' };
  const message = `\`changeset status --since=${context.base.ref}\` failed: a changed package has no changeset (run \`pnpm changeset\`).\n${output}`;
  return { ok: false, findings: [{ severity: 'error', rule: 'changeset-status', message }], summary: 'a changed package has no changeset' };
}
