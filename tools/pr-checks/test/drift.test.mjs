// The drift step runs the client's `generate:check` through pnpm and fails, listing its output, when it fails.
// Here in a throwaway workspace whose `generate:check` stands in for the client's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDrift } from '../src/drift.mjs';

let dir;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function workspace(scripts) {
  dir = mkdtempSync(join(tmpdir(), 'pr-checks-drift-'));
  mkdirSync(join(dir, 'packages/client'), { recursive: true });
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'root', private: true }));
  writeFileSync(join(dir, 'packages/client/package.json'), JSON.stringify({ name: '@test/client', version: '0.0.0', scripts }));
  return dir;
}

describe('checkDrift', () => {
  it('fails, listing the differing files, when generate:check fails', () => {
    const cwd = workspace({ 'generate:check': 'node -e "console.log(\'src/gen/types.gen.ts differs\'); process.exit(1)"' });
    const result = checkDrift({ cwd, packageDir: 'packages/client' });
    expect(result.ok).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ severity: 'error', rule: 'drift' });
    expect(result.findings[0].message).toContain('src/gen/types.gen.ts differs');
  });

  it('passes when generate:check passes', () => {
    const cwd = workspace({ 'generate:check': 'node -e "process.exit(0)"' });
    expect(checkDrift({ cwd, packageDir: 'packages/client' })).toMatchObject({ ok: true, findings: [] });
  });

  it('says so when the package has no generate:check script', () => {
    const cwd = workspace({ generate: 'node -e ""' });
    const result = checkDrift({ cwd, packageDir: 'packages/client' });
    expect(result.ok).toBe(false);
    expect(result.findings[0].message).toBe('packages/client/package.json has no `generate:check` script, so drift cannot be checked.');
  });
});

describe('driftStep', () => {
  it('checks every generated package: the TypeScript client and the Python SDK', async () => {
    const { GENERATED_PACKAGES } = await import('../src/drift.mjs');
    expect(GENERATED_PACKAGES).toEqual(['packages/client', 'packages/python']);
  });

  it('fails naming the package whose check fails', async () => {
    const { driftStep } = await import('../src/drift.mjs');
    const cwd = workspace({ 'generate:check': 'node -e "process.exit(0)"' });
    mkdirSync(join(cwd, 'packages/python'), { recursive: true });
    writeFileSync(
      join(cwd, 'packages/python/package.json'),
      JSON.stringify({ name: '@test/python', version: '0.0.0', scripts: { 'generate:check': 'node -e "console.log(\'types.py differs\'); process.exit(1)"' } }),
    );
    const result = driftStep({ cwd });
    expect(result.ok).toBe(false);
    expect(result.summary).toBe('generated code drifts or cannot be checked: packages/python');
    expect(result.findings[0].message).toContain('types.py differs');
  });
});
