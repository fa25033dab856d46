// 4. Cold import: a fresh node process that loads the package and exits, against node alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, rotate } from './stats.mjs';

const benchDir = fileURLToPath(new URL('..', import.meta.url));

export const GOAL_EXTRA_MS = 20;

const cjs = (name) => ['-e', `require(${JSON.stringify(name)})`];
const esm = (name) => ['--input-type=module', '-e', `import ${JSON.stringify(name)}`];

export const TARGETS = [
  { id: 'node-cjs', label: 'node alone', module: 'node', mode: 'require', args: ['-e', '0'] },
  { id: 'node-esm', label: 'node alone', module: 'node', mode: 'import', args: ['--input-type=module', '-e', '0'] },
  { id: 'coze-client-cjs', label: '@coze/client', module: '@coze/client', mode: 'require', args: cjs('@coze/client') },
  { id: 'coze-client-esm', label: '@coze/client', module: '@coze/client', mode: 'import', args: esm('@coze/client') },
  { id: 'coze-api-cjs', label: '@coze/api 1.3.9', module: '@coze/api', mode: 'require', args: cjs('@coze/api') },
  { id: 'coze-api-esm', label: '@coze/api 1.3.9', module: '@coze/api', mode: 'import', args: esm('@coze/api') },
  { id: 'openai-cjs', label: 'openai 6', module: 'openai', mode: 'require', args: cjs('openai') },
  { id: 'openai-esm', label: 'openai 6', module: 'openai', mode: 'import', args: esm('openai') },
];

function once(target) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, target.args, { cwd: benchDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    const stderr = result.stderr?.toString().trim().split('\n') ?? [];
    const reason = stderr.find((line) => /Error|error:/.test(line)) ?? stderr[0] ?? String(result.error);
    throw new Error(`${target.label} (${target.mode}) failed to load: ${reason}`);
  }
  return ms;
}

/** A sample; a failed load is tried once more a second later (a concurrent rebuild may have emptied dist/). */
function sample(target, log) {
  try {
    return once(target);
  } catch (error) {
    log(`  ! ${error.message}; trying again`);
    spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 1000)']);
    return once(target);
  }
}

export async function runImportTime({ runs, timeLimitMs, log }) {
  const samples = new Map(TARGETS.map((target) => [target.id, []]));
  const deadline = performance.now() + timeLimitMs;
  for (const target of TARGETS) sample(target, log); // warm the file cache
  for (let run = 0; run < runs && performance.now() < deadline; run++) {
    for (const target of rotate(TARGETS, run)) samples.get(target.id).push(sample(target, log));
  }
  const ms = (id) => median(samples.get(id));
  const rows = TARGETS.map((target) => {
    const baseline = ms(`node-${target.id.endsWith('esm') ? 'esm' : 'cjs'}`);
    return {
      id: target.id,
      module: target.label,
      mode: target.mode,
      runs: samples.get(target.id).length,
      ms: ms(target.id),
      extraMs: ms(target.id) - baseline,
    };
  });
  log(`  cold import: ${rows[0].runs} runs per target`);
  return rows;
}
