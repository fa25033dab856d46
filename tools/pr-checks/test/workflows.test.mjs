// Every workflow in .github/workflows is valid (checked with @action-validator/cli, the schema-based validator
// built to WebAssembly, so it runs offline), and the pull-request and release workflows keep their promises.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { STEPS } from '../src/steps.mjs';
import { fixturesDir, repoRoot } from './helpers.mjs';

const require = createRequire(import.meta.url);
const validator = join(dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');
const validate = (path) => spawnSync(process.execPath, [validator, path], { cwd: repoRoot, encoding: 'utf8' });

const workflowsDir = '.github/workflows';
const workflows = readdirSync(join(repoRoot, workflowsDir)).filter((name) => /\.ya?ml$/.test(name));
const load = (name) => parse(readFileSync(join(repoRoot, workflowsDir, name), 'utf8'));

describe('workflow files', () => {
  it('include the pull-request and release workflows', () => {
    expect(workflows).toEqual(expect.arrayContaining(['pr.yml', 'release.yml']));
  });

  it.each(workflows)('%s is valid', (name) => {
    const result = validate(`${workflowsDir}/${name}`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('are checked for real: a broken workflow fails validation, naming its mistakes', () => {
    const result = validate(`${fixturesDir}/workflows/broken.yml`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Additional property 'pull_requests' is not allowed");
    expect(result.stderr).toContain("Additional property 'stepz' is not allowed");
  });
});

describe('pr.yml', () => {
  const workflow = load('pr.yml');
  const steps = workflow.jobs.review.steps;
  const runs = steps.map((step) => step.run).filter(Boolean);

  it('runs on pull requests with the full history', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(steps.find((step) => step.uses?.startsWith('actions/checkout@')).with['fetch-depth']).toBe(0);
    expect(workflow.env.BASE).toBe('origin/${{ github.base_ref }}');
  });

  it('runs check:pr once, with every check of its one list (tests included), against the base branch, with annotations', () => {
    expect(runs.filter((run) => run.includes('check:pr'))).toEqual(['pnpm check:pr --base "$BASE" --with-tests --format github-actions']);
    // Nothing beside it: a check the workflow ran on its own would be one `pnpm check:pr` does not run locally.
    expect(runs).toEqual(['npm i -g pnpm@12.4.2', 'pnpm install --frozen-lockfile', 'pnpm check:pr --base "$BASE" --with-tests --format github-actions']);
    expect(Object.keys(STEPS)).toEqual(['lint', 'breaking', 'changesets', 'changeset-status', 'drift', 'tests', 'mutation']);
  });
});

describe('pr.yml keeps the mutation reports', () => {
  it('uploads every package\'s HTML report as an artifact, also when a check failed', () => {
    const upload = load('pr.yml').jobs.review.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload.with).toMatchObject({ name: 'mutation-report', path: 'packages/*/reports/mutation/' });
    expect(upload.if).toContain('!cancelled()');
  });
});

describe('release.yml', () => {
  const workflow = load('release.yml');
  const release = workflow.jobs.release.steps.find((step) => step.uses?.startsWith('changesets/action@'));

  it('runs on pushes to main', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
  });

  it('publishes through changesets with npm provenance', () => {
    expect(workflow.permissions['id-token']).toBe('write');
    expect(release.with.publish).toBe('pnpm changeset publish');
    expect(release.env.NPM_CONFIG_PROVENANCE).toBe(true);
  });
});
