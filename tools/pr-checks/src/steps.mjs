// The steps of `pnpm check:pr`, in the order they run. Each takes the shared context and answers
// `{ ok, findings, summary }`; a step that throws counts as failed.
import { breakingStep } from './breaking.mjs';
import { changesetStep } from './changesets.mjs';
import { driftStep } from './drift.mjs';
import { lintStep } from './lint.mjs';

export const STEPS = {
  lint: lintStep,
  breaking: breakingStep,
  changesets: changesetStep,
  drift: driftStep,
};

/**
 * Runs the named steps one after another; a failing step does not stop the others, so one run shows everything.
 *
 * @returns {Promise<{ name: string, ok: boolean, findings: import('./findings.mjs').Finding[], summary: string }[]>}
 */
export async function runSteps(context, names = Object.keys(STEPS)) {
  const results = [];
  for (const name of names) {
    try {
      results.push({ name, ...(await STEPS[name](context)) });
    } catch (error) {
      results.push({ name, ok: false, findings: [{ severity: 'error', rule: name, message: error.message }], summary: `failed: ${error.message.split('\n')[0]}` });
    }
  }
  return results;
}
