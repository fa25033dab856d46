// The checks of a pull request, in the order they run: the one list that both `pnpm check:pr` and
// .github/workflows/pr.yml (which runs `pnpm check:pr --with-tests`) use. Each takes the shared context and answers
// `{ ok, findings, summary }`; a step that throws counts as failed.
import { breakingStep } from './breaking.mjs';
import { changesetStatusStep } from './changeset-status.mjs';
import { changesetStep } from './changesets.mjs';
import { driftStep } from './drift.mjs';
import { lintStep } from './lint.mjs';
import { mutationStep } from './mutation.mjs';
import { testsStep } from './tests.mjs';

export const STEPS = {
  lint: lintStep,
  breaking: breakingStep,
  changesets: changesetStep,
  'changeset-status': changesetStatusStep,
  drift: driftStep,
  tests: testsStep,
  mutation: mutationStep,
};

/** Steps that run only when asked for (`--with-tests`, or by name with `--only`): they take minutes. */
export const OPT_IN = new Set(['tests', 'mutation']);

/**
 * Runs the named steps one after another; a failing step does not stop the others, so one run shows everything.
 * `group` brackets each step's own output (GitHub Actions' `::group::`).
 *
 * @returns {Promise<{ name: string, ok: boolean, findings: import('./findings.mjs').Finding[], summary: string }[]>}
 */
export async function runSteps(context, names = Object.keys(STEPS), group = undefined) {
  const results = [];
  for (const name of names) {
    group?.start(name);
    try {
      results.push({ name, ...(await STEPS[name](context)) });
    } catch (error) {
      results.push({ name, ok: false, findings: [{ severity: 'error', rule: name, message: error.message }], summary: `failed: ${error.message.split('\n')[0]}` });
    }
    group?.end();
  }
  return results;
}
