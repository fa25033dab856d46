// Mutation step (`--with-tests`): `pnpm test:mutation`, incremental against the committed baselines
// (tools/mutation/README.md), so a pull request re-runs only the mutants of the code and tests it changed; every
// runtime and Redis-store file must keep >= 90% of its mutants killed. The budget stops a run that the baseline
// cannot shorten (one far behind the code) instead of letting it take hours.
import { pnpmStep } from './tests.mjs';

/** @param {import('./context.mjs').Context} context */
export function mutationStep(context) {
  return pnpmStep(context, 'mutation', ['test:mutation', '--measured-only', '--budget-minutes', '30']);
}
