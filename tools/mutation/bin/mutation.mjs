#!/usr/bin/env node
// `pnpm test:mutation`: Stryker over each package in PACKAGES, one after the other, then the per-file gate.
//
//   pnpm test:mutation                      incremental: reuses the committed baseline (mutation/stryker-incremental.json
//                                           in each package) and re-tests only the mutants whose code or covering tests
//                                           changed; the baseline is rewritten with the results
//   pnpm test:mutation --full               every mutant again (Stryker's --force)
//   pnpm test:mutation --package runtime    one package
//   pnpm test:mutation --measured-only      only the files the baseline already has results for (CI: a file no run has
//                                           measured yet would mean all of its mutants, hours for a large one); the
//                                           others are listed
//   pnpm test:mutation --concurrency 1      one Stryker worker instead of two (a machine shared with others)
//   pnpm test:mutation --budget-minutes 30  gives up (exit 1) when the packages together take longer: CI's guard
//                                           against a baseline that no longer matches the code
//   pnpm test:mutation --package runtime --mutate src/auth.ts
//                                           some files (a comma-separated list or globs) of one package, with every file
//                                           the baseline has measured (src/scope.mjs), against a copy of the baseline;
//                                           the results are then merged into the baseline
//
// Exits 1 when a mutated file scores below MIN_SCORE, 2 when a Stryker run did not finish. The HTML report of each package is at
// packages/<name>/reports/mutation/index.html (CI keeps it as an artifact).
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keepCoverage, mergeReports, serializeBaseline } from '../src/baseline.mjs';
import { describeStale, readTextOrUndefined, staleFiles } from '../src/freshness.mjs';
import { PACKAGES } from '../src/packages.mjs';
import { mutateScope } from '../src/scope.mjs';
import { MIN_SCORE, fileScores, formatScore, gateFailures, markdownTable, totals } from '../src/scores.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STRYKER = `${ROOT}node_modules/.bin/stryker`;

function parseArgs(argv) {
  const args = { full: false, packages: PACKAGES, mutate: undefined, budgetMinutes: Infinity, measuredOnly: false, concurrency: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    else if (arg === '--full') args.full = true;
    else if (arg === '--measured-only') args.measuredOnly = true;
    else if (arg === '--package') args.packages = [argv[++i]];
    else if (arg === '--mutate') args.mutate = argv[++i];
    else if (arg === '--budget-minutes') args.budgetMinutes = Number(argv[++i]);
    else if (arg === '--concurrency') args.concurrency = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: pnpm test:mutation [--full] [--measured-only] [--budget-minutes n] [--concurrency n] [--package runtime|rate-limit-redis] [--mutate <files or globs>]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  const unknown = args.packages.filter((name) => !PACKAGES.includes(name));
  if (unknown.length || args.packages.length === 0) throw new Error(`--package takes one of ${PACKAGES.join(', ')}`);
  if (args.mutate && args.packages.length !== 1) throw new Error('--mutate needs --package');
  if (args.mutate && args.measuredOnly) throw new Error('--mutate and --measured-only do not go together');
  if (!(args.budgetMinutes > 0)) throw new Error('--budget-minutes takes a positive number');
  if (args.concurrency !== undefined && !(Number.isInteger(args.concurrency) && args.concurrency > 0)) {
    throw new Error('--concurrency takes a whole number of workers, 1 or more');
  }
  return args;
}

let interrupted = false;

/** Runs a command; past `deadline` (a performance.now() time) its whole process group is ended and it fails. */
function run(command, args, cwd, deadline) {
  return new Promise((resolve, reject) => {
    // A group of its own, so that Stryker's workers and their test servers end with it (on the budget or a Ctrl-C).
    const child = spawn(command, args, { cwd, stdio: 'inherit', detached: true });
    const end = () => process.kill(-child.pid, 'SIGTERM');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      end();
    }, Math.max(0, Math.min(deadline - performance.now(), 2 ** 31 - 1)));
    const interrupt = () => {
      interrupted = true;
      end();
    };
    process.once('SIGINT', interrupt);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', interrupt);
      resolve({ code: signal ? 1 : code, timedOut });
    });
  });
}

const args = parseArgs(process.argv.slice(2));
const summary = { packages: {} };
const failures = [];
let complete = true;
const deadline = performance.now() + args.budgetMinutes * 60_000;
for (const name of args.packages) {
  const dir = `${ROOT}packages/${name}/`;
  const baselineFile = `${dir}mutation/stryker-incremental.json`;
  const strykerArgs = ['run'];
  if (args.full) strykerArgs.push('--force');
  if (args.concurrency) strykerArgs.push('--concurrency', String(args.concurrency));
  const committed = existsSync(baselineFile) ? JSON.parse(await readFile(baselineFile, 'utf8')) : undefined;
  const measured = committed ? Object.keys(committed.files) : [];
  if (committed && !args.full) {
    // Said up front: a long run is then expected, and its cause named, before Stryker's coverage run starts.
    const stale = describeStale(`packages/${name}`, staleFiles(committed, (path) => readTextOrUndefined(dir + path)));
    console.log(
      stale.length
        ? `packages/${name}: changed since the committed baseline (the mutants they reach are re-tested):\n${stale.map((line) => `  ${line}`).join('\n')}`
        : `packages/${name}: the committed baseline matches the code and tests`,
    );
  }
  // Not with --full: every measured file would then be re-tested whole.
  const scope = args.full ? { mutate: args.mutate, added: [] } : mutateScope({ requested: args.mutate, measured });
  let mutate = scope.mutate;
  if (scope.added.length) {
    console.log(
      `packages/${name}: the ${scope.added.length} other measured file(s) are mutated too; their mutants are re-tested ` +
        'only where their code or covering tests changed (src/scope.mjs says why)',
    );
  }
  if (args.measuredOnly) {
    const sources = (await readdir(`${dir}src`, { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => `src/${file}`);
    const unmeasured = sources.filter((file) => !measured.includes(file)).sort();
    if (unmeasured.length) console.log(`packages/${name}: not measured yet, so not run: ${unmeasured.join(', ')}`);
    if (measured.length === 0) continue;
    mutate = measured.join(',');
  }
  if (mutate) {
    // Stryker writes its incremental file with only the files it mutated: give it a copy of the baseline.
    await mkdir(`${dir}reports/mutation`, { recursive: true });
    if (existsSync(baselineFile)) await copyFile(baselineFile, `${dir}reports/mutation/subset-incremental.json`);
    strykerArgs.push('--mutate', mutate, '--incrementalFile', 'reports/mutation/subset-incremental.json');
  }
  const started = performance.now();
  let { code, timedOut } = await run(STRYKER, strykerArgs, dir, deadline);
  if (code !== 0 && !timedOut && !interrupted) {
    // Stryker stops when any test fails in its coverage run; on a loaded machine a timing-sensitive test can.
    console.log(`packages/${name}: Stryker failed (exit ${code}); running it once more`);
    ({ code, timedOut } = await run(STRYKER, strykerArgs, dir, deadline));
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  if (timedOut) {
    complete = false;
    failures.push(
      `packages/${name}: Stryker still running after the ${args.budgetMinutes}-minute budget. The committed ` +
        'baseline is far behind the code: run `pnpm test:mutation` and commit packages/*/mutation/ with the change.',
    );
    break;
  }
  if (interrupted) process.exit(130);
  if (code !== 0) {
    complete = false;
    failures.push(`packages/${name}: stryker exited with ${code}`);
    continue;
  }
  const report = JSON.parse(await readFile(`${dir}reports/mutation/mutation.json`, 'utf8'));
  const baseline = existsSync(baselineFile) ? JSON.parse(await readFile(baselineFile, 'utf8')) : undefined;
  await mkdir(`${dir}mutation`, { recursive: true });
  await writeFile(baselineFile, serializeBaseline(keepCoverage(baseline, mutate ? mergeReports(baseline, report) : report)));
  const rows = fileScores(report);
  console.log(`\npackages/${name} (${seconds} s)\n\n${markdownTable(rows)}\n`);
  summary.packages[name] = { seconds, total: totals(rows), files: rows };
  failures.push(...gateFailures(rows).map((failure) => `packages/${name}/${failure}`));
}

if (failures.length) {
  console.error(`\nMutation gate (every file ≥ ${MIN_SCORE}%) failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  // 2: a run did not finish (Stryker failed, or the budget ran out); 1: every run finished and a file is below.
  process.exit(complete ? 1 : 2);
}
const all = Object.values(summary.packages).map((p) => p.total);
console.log(`Mutation gate passed: every file ≥ ${MIN_SCORE}%${all.length ? ` (${all.map((t) => formatScore(t.score)).join(', ')})` : ''}.`);
