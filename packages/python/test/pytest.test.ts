// The Python SDK's pytest suite, inside the one vitest run of `pnpm test`: the venv is made (or found), pytest
// runs once, and each pytest test shows here as a test of its own with pytest's report when it fails. A test
// pytest skipped is skipped here too, never counted as passed.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ensureVenv, venvCommand } from '../scripts/venv.mjs';

interface Phase {
  nodeid: string;
  when: 'setup' | 'call' | 'teardown';
  outcome: 'passed' | 'failed' | 'skipped';
  text: string;
}

ensureVenv();
const listed = venvCommand('pytest', ['--collect-only', '-q']);
if (listed.status !== 0) throw new Error(`pytest could not collect its tests:\n${listed.stdout}${listed.stderr}`);
const ids = listed.stdout.split('\n').filter((line) => line.includes('::'));

const phases = new Map<string, Phase[]>();
let summary = '';

beforeAll(() => {
  const report = join(tmpdir(), `coze-pytest-${process.pid}-${Date.now()}.jsonl`);
  try {
    const run = venvCommand('pytest', ['-q', '-p', 'no:randomly'], { env: { COZE_PYTEST_REPORT: report } });
    summary = `${run.stdout}${run.stderr}`;
    const lines = (() => {
      try {
        return readFileSync(report, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    })();
    for (const line of lines) {
      const phase = JSON.parse(line) as Phase;
      phases.set(phase.nodeid, [...(phases.get(phase.nodeid) ?? []), phase]);
    }
    if (run.status !== 0 && run.status !== 1) throw new Error(`pytest stopped (exit ${run.status}):\n${summary}`);
  } finally {
    rmSync(report, { force: true });
  }
});

it('collects the suite', () => {
  expect(ids.length).toBeGreaterThan(100);
});

it.each(ids)('%s', (id, context) => {
  const seen = phases.get(id) ?? [];
  const failed = seen.filter((phase) => phase.outcome === 'failed');
  if (failed.length) throw new Error(failed.map((phase) => `${phase.when}: ${phase.text}`).join('\n\n'));
  if (seen.some((phase) => phase.outcome === 'skipped')) return context.skip();
  expect(seen.map((phase) => `${phase.when} ${phase.outcome}`), `pytest did not run it:\n${summary}`).toContain('call passed');
});
