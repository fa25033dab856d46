// 6. The pipeline's wall times, run at the repository root as a developer runs them: a cold build
// (turbo --force: nothing from the cache), a cached build (should be FULL TURBO), and generate.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export const STEPS = [
  { id: 'build-cold', label: 'pnpm build --force (cold: turbo cache bypassed)', args: ['build', '--force'] },
  { id: 'build-cached', label: 'pnpm build (cached)', args: ['build'] },
  { id: 'generate-cold', label: 'pnpm generate --force', args: ['generate', '--force'] },
  { id: 'generate-cached', label: 'pnpm generate (cached)', args: ['generate'] },
];

function run(args, timeoutMs) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn('pnpm', args, {
      cwd: root,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
      resolve({
        ms: Number(process.hrtime.bigint() - start) / 1e6,
        ok: code === 0,
        fullTurbo: output.includes('FULL TURBO'),
        cached: cached ? `${cached[1]}/${cached[2]}` : undefined,
        tail: output.trim().split('\n').slice(-5).join('\n'),
      });
    });
  });
}

export async function runPipeline({ rounds, timeLimitMs, log }) {
  const samples = new Map(STEPS.map((step) => [step.id, []]));
  const deadline = performance.now() + timeLimitMs;
  for (let round = 0; round < rounds && performance.now() < deadline; round++) {
    for (const step of STEPS) {
      const result = await run(step.args, 180_000);
      if (!result.ok) log(`  ! ${step.label} failed:\n${result.tail}`);
      samples.get(step.id).push(result);
    }
    log(`  pipeline round ${round + 1}/${rounds} done`);
  }
  return STEPS.map((step) => {
    const runs = samples.get(step.id);
    return {
      id: step.id,
      step: step.label,
      rounds: runs.length,
      seconds: median(runs.filter((r) => r.ok).map((r) => r.ms / 1000)),
      failed: runs.filter((r) => !r.ok).length,
      fullTurbo: runs.length > 0 && runs.every((r) => r.fullTurbo),
      cached: runs.map((r) => r.cached ?? '?').join(', '),
    };
  });
}
