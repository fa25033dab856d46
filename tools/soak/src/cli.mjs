// `pnpm soak [-- --calls N --concurrency N --fault-rate R --seed N --json]`: runs the chaos soak, prints its
// figures, and exits 1 when an invariant broke (a call that ended in something other than a value or a
// CozeError, a hung call, an unhandled rejection or uncaught exception, a duplicate write, heap growth of
// 5 MB or more after GC, a handle left open).
import { parseArgs } from 'node:util';
import { runSoak } from './soak.mjs';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '32' },
    'fault-rate': { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
if (typeof globalThis.gc !== 'function') throw new Error('Run with node --expose-gc (pnpm soak does).');

const figures = await runSoak({
  calls: Number(values.calls),
  concurrency: Number(values.concurrency),
  faultRate: Number(values['fault-rate']),
  seed: Number(values.seed),
});
const broken = invariantsBroken(figures);

if (values.json) {
  process.stdout.write(`${JSON.stringify({ ...figures, broken })}\n`);
} else {
  const mb = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  console.log(`Chaos soak: ${figures.calls} calls, ${figures.concurrency} callers, ${figures.faultRate * 100}% faults`);
  console.log(`  wall time              ${(figures.wallMs / 1000).toFixed(1)} s`);
  console.log('  outcomes               ' + Object.entries(figures.outcomes).map(([k, v]) => `${k} ${v}`).join(', '));
  console.log('  calls by operation     ' + Object.entries(figures.byOperation).map(([k, v]) => `${k} ${v}`).join(', '));
  console.log(`  stream events read     ${figures.streamEvents}`);
  console.log(`  not a CozeError        ${figures.notCozeErrors}`);
  console.log(`  hung calls             ${figures.hung}`);
  console.log(`  unhandled rejections   ${figures.unhandledRejections}`);
  console.log(`  uncaught exceptions    ${figures.uncaughtExceptions}`);
  console.log(`  writes / duplicates    ${figures.writes} / ${figures.duplicateWrites}`);
  console.log(`  heap growth after GC   ${figures.heapGrowthBytes === undefined ? 'n/a' : mb(figures.heapGrowthBytes)}`);
  console.log(`  handles left           ${figures.handlesLeft.length === 0 ? 'none' : figures.handlesLeft.join(', ')}`);
  for (const line of figures.samples) console.log(`  ! ${line}`);
  console.log(broken.length === 0 ? 'All invariants held.' : `BROKEN: ${broken.join('; ')}`);
}
process.exitCode = broken.length === 0 ? 0 : 1;

/** The invariants the soak enforces, as sentences naming what broke. */
function invariantsBroken(/** @type {Awaited<ReturnType<typeof runSoak>>} */ f) {
  const broken = [];
  if (f.notCozeErrors > 0) broken.push(`${f.notCozeErrors} call(s) threw something other than a CozeError`);
  if (f.hung > 0) broken.push(`${f.hung} call(s) never settled`);
  if (f.unhandledRejections > 0) broken.push(`${f.unhandledRejections} unhandled rejection(s)`);
  if (f.uncaughtExceptions > 0) broken.push(`${f.uncaughtExceptions} uncaught exception(s)`);
  if (f.duplicateWrites > 0) broken.push(`${f.duplicateWrites} Idempotency-Key(s) written more than once`);
  if (f.heapGrowthBytes === undefined || f.heapGrowthBytes >= 5 * 1024 * 1024) broken.push(`heap grew ${f.heapGrowthBytes} bytes`);
  if (f.handlesLeft.length > 0) broken.push(`handles left: ${f.handlesLeft.join(', ')}`);
  return broken;
}
