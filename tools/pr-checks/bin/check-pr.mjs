#!/usr/bin/env node
// `pnpm check:pr`: reviews the working tree's spec against a base ref the way CI reviews a pull request.
// Usage and the checks are in tools/pr-checks/README.md.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createContext } from '../src/context.mjs';
import { formatFinding } from '../src/findings.mjs';
import { repoRoot, resolveBase } from '../src/git.mjs';
import { OPT_IN, runSteps, STEPS } from '../src/steps.mjs';

const USAGE = `Usage: pnpm check:pr [--base <git ref>] [--with-tests] [--format text|github-actions] [--only ${Object.keys(STEPS).join(',')}]

  --base        the ref to compare with (default: origin/main, else main, else HEAD~1); the
                comparison uses its merge base with HEAD and the working tree as the head
  --with-tests  also run the tests (\`pnpm test\`) and the incremental mutation run
                (\`pnpm test:mutation\`), as the pull-request workflow does
  --format      github-actions prints ::error annotations (the default when GITHUB_ACTIONS=true)
  --only        a comma-separated subset of the steps, run in the usual order`;

function fail(message) {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      base: { type: 'string' },
      format: { type: 'string', default: process.env.GITHUB_ACTIONS === 'true' ? 'github-actions' : 'text' },
      only: { type: 'string' },
      'with-tests': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!['text', 'github-actions'].includes(options.format)) fail(`Unknown format: ${options.format}`);
const names = options.only
  ? options.only.split(',').map((name) => name.trim())
  : Object.keys(STEPS).filter((name) => !OPT_IN.has(name) || options['with-tests']);
const unknown = names.filter((name) => !(name in STEPS));
if (unknown.length > 0) fail(`Unknown step: ${unknown.join(', ')}`);
const ordered = Object.keys(STEPS).filter((name) => names.includes(name));
const skipped = Object.keys(STEPS).filter((name) => !ordered.includes(name));

const cwd = repoRoot(process.cwd());
if (!cwd) fail('Not inside a git repository.');
const base = resolveBase(cwd, options.base);
if (options.base && !base) fail(`The base ref \`${options.base}\` names no commit (in CI, check out with fetch-depth: 0).`);

const context = createContext({ cwd, base });
const baseLabel = base ? `${base.ref} (merge base ${base.commit.slice(0, 10)})` : 'nothing (no base commit: the spec counts as new)';
console.log(`PR checks of the working tree against ${baseLabel}: ${ordered.join(', ')}`);

// In GitHub Actions each check's output folds into a group named after it.
const group = options.format === 'github-actions' ? { start: (name) => console.log(`::group::${name}`), end: () => console.log('::endgroup::') } : undefined;
const results = await runSteps(context, ordered, group);

const findings = results.flatMap((result) => result.findings);
if (findings.length > 0) console.log(`\n${findings.map((finding) => formatFinding(finding, options.format)).join('\n')}`);
const width = Math.max(...results.map((r) => r.name.length));
const lines = results.map((r) => `${r.ok ? '✔' : '✖'} ${r.name.padEnd(width)}  ${r.summary}`);
const failed = results.filter((r) => !r.ok).length;
const verdict = failed === 0 ? `All ${results.length} checks passed.` : `${failed} of ${results.length} checks failed.`;
const ran = `Ran: ${ordered.join(', ')}.${skipped.length > 0 ? ` Not run: ${skipped.map((name) => (OPT_IN.has(name) && !options.only ? `${name} (add --with-tests)` : name)).join(', ')}.` : ''}`;
console.log(`\n${lines.join('\n')}\n\n${ran}\n${verdict}`);

if (process.env.GITHUB_STEP_SUMMARY) {
  const rows = results.map((r) => `| ${r.ok ? '✅' : '❌'} | ${r.name} | ${r.summary.replace(/\|/g, '\\|')} |`);
  appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### PR checks\n\n| | check | result |\n|---|---|---|\n${rows.join('\n')}\n\n${ran}\n${verdict}\n`);
}
process.exit(failed === 0 ? 0 : 1);
