// `pnpm check:pr` end to end, in throwaway repositories: the base ref, the merge base, a spec that is new at the
// base, annotations and exit codes. (The lint and drift steps need this repository's config and client; their
// own tests cover them.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lineOf, readFixture, removeTempRepos, tempRepo } from './helpers.mjs';

const bin = fileURLToPath(new URL('../bin/check-pr.mjs', import.meta.url));
const apiChangesetBin = fileURLToPath(new URL('../bin/api-changeset.mjs', import.meta.url));
const spec = 'spec/coze.v1.yaml';

function checkPr(cwd, ...args) {
  const { GITHUB_ACTIONS, GITHUB_STEP_SUMMARY, ...env } = process.env;
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let repo;
afterEach(removeTempRepos);

/** A repository whose main holds the base fixture as the spec, on a feature branch. */
function pullRequest() {
  repo = tempRepo();
  repo.write(spec, readFixture('breaking/base.yaml'));
  repo.commit('base');
  repo.git('checkout', '--quiet', '-b', 'feature');
  return repo;
}

const addChangeset = (bump) => repo.write('.changeset/widget-change.md', `---\n"@coze/client": ${bump}\n---\n\nA change.\n`);

describe('check-pr', () => {
  it('fails a breaking change with an annotation on its line, whatever the changeset', () => {
    pullRequest();
    const head = readFixture('breaking/removed-operation.yaml');
    repo.write(spec, head);
    addChangeset('major');
    repo.commit('remove GET /widgets');
    const result = checkPr(repo.dir, '--base', 'main', '--only', 'breaking,changesets', '--format', 'github-actions');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      `::error file=${spec},line=${lineOf(head, '  /widgets:')},col=3,title=operation-removed::Breaking change: Operation \`GET /widgets\` was removed.`,
    );
    expect(result.stdout).toMatch(/✖ breaking {4}1 breaking change\(s\)\n✖ changesets {2}@coze\/client needs major, the changesets give major; API changes not listed/);
  });

  it('fails an additive change without a changeset, then passes it once `pnpm regen` wrote the API changes (uncommitted works too)', () => {
    pullRequest();
    repo.write(spec, readFixture('breaking/additive.yaml'));
    const without = checkPr(repo.dir, '--base', 'main', '--only', 'breaking,changesets', '--format', 'github-actions');
    expect(without.status).toBe(1);
    expect(without.stdout).toContain(`::error file=${spec},title=changeset-missing::${spec} changed, so @coze/client needs a release`);

    // A hand-written changeset gives the bump but does not tell users what changed in the API.
    addChangeset('minor');
    const handWritten = checkPr(repo.dir, '--base', 'main', '--only', 'breaking,changesets');
    expect(handWritten.stdout).toContain('error  changeset-api-changes  spec/coze.v1.yaml changed: the changeset for the client must list the API changes. Run `pnpm regen`');
    expect(handWritten.status).toBe(1);

    const written = spawnSync(process.execPath, [apiChangesetBin], { cwd: repo.dir, encoding: 'utf8' });
    expect(written.stdout).toContain('Wrote: .changeset/api-changes-feature.md (5 API change(s) since main, a minor release)');
    expect(readFileSync(join(repo.dir, '.changeset/api-changes-feature.md'), 'utf8')).toContain("'@coze/client': minor\n---\n\nAPI changes (spec/coze.v1.yaml):\n\n- Added `widget.get` (`GET /widgets/{id}`).\n");
    const withNotes = checkPr(repo.dir, '--base', 'main', '--only', 'breaking,changesets');
    expect(withNotes.stdout).toContain('All 2 checks passed.');
    expect(withNotes.status).toBe(0);

    // A later spec edit makes the notes stale until they are written again.
    repo.write(spec, readFixture('breaking/additive.yaml').replace('      operationId: widget.list\n', '      operationId: widget.list\n      deprecated: true\n'));
    expect(checkPr(repo.dir, '--base', 'main', '--only', 'changesets').stdout).toContain('no longer lists the API changes');
  });

  it('wants a changeset when a published package changed, counting one not yet committed (changeset-status)', () => {
    pullRequest();
    repo.write('pnpm-workspace.yaml', 'packages:\n  - pkgs/*\n');
    repo.write('package.json', JSON.stringify({ name: 'root', private: true }));
    repo.write('pkgs/lib/package.json', JSON.stringify({ name: '@drill/lib', version: '1.0.0' }));
    repo.write('pkgs/tool/package.json', JSON.stringify({ name: '@drill/tool', version: '1.0.0', private: true }));
    repo.commit('packages');
    repo.write('pkgs/tool/index.js', 'export {};\n');
    expect(checkPr(repo.dir, '--base', 'HEAD', '--only', 'changeset-status').stdout).toContain('✔ changeset-status  no published package changed');
    repo.write('pkgs/lib/index.js', 'export {};\n');
    const without = checkPr(repo.dir, '--base', 'HEAD', '--only', 'changeset-status');
    expect(without.stdout).toContain('error  changeset-status  @drill/lib changed since HEAD, and no changeset says how to release it');
    expect(without.status).toBe(1);
    repo.write('.changeset/lib.md', "---\n'@drill/lib': patch\n---\n\nA change.\n");
    const withChangeset = checkPr(repo.dir, '--base', 'HEAD', '--only', 'changeset-status');
    expect(withChangeset.stdout).toContain('✔ changeset-status  1 changeset(s) for @drill/lib');
    expect(withChangeset.status).toBe(0);
  });

  it('says which checks it ran, and runs the tests (`pnpm test`, `pnpm test:mutation`) only with --with-tests', () => {
    pullRequest();
    const ran = (file) => `node -e "require('fs').writeFileSync('${file}', process.argv.slice(1).join(' '))" --`;
    repo.write('package.json', JSON.stringify({ name: 'drill', private: true, scripts: { test: ran('tests-ran'), 'test:mutation': ran('mutation-ran') } }));
    const without = checkPr(repo.dir, '--base', 'main', '--only', 'breaking');
    expect(without.stdout).toContain('Ran: breaking. Not run: lint, changesets, changeset-status, drift, tests, mutation.');
    const plain = checkPr(repo.dir, '--base', 'main');
    expect(plain.stdout).toContain('Ran: lint, breaking, changesets, changeset-status, drift. Not run: tests (add --with-tests), mutation (add --with-tests).');
    expect(existsSync(join(repo.dir, 'tests-ran'))).toBe(false);
    expect(existsSync(join(repo.dir, 'mutation-ran'))).toBe(false);
    const withTests = checkPr(repo.dir, '--base', 'main', '--with-tests');
    expect(withTests.stdout).toContain('Ran: lint, breaking, changesets, changeset-status, drift, tests, mutation.\n');
    expect(withTests.stdout).toMatch(/✔ tests +`pnpm test` passed/);
    expect(withTests.stdout).toMatch(/✔ mutation +`pnpm test:mutation --measured-only --budget-minutes 30` passed/);
    expect(existsSync(join(repo.dir, 'tests-ran'))).toBe(true);
    expect(readFileSync(join(repo.dir, 'mutation-ran'), 'utf8')).toBe('--measured-only --budget-minutes 30');

    repo.write('package.json', JSON.stringify({ name: 'drill', private: true, scripts: { test: 'node -e "process.exit(3)"' } }));
    const failing = checkPr(repo.dir, '--base', 'main', '--only', 'tests');
    expect(failing.stdout).toMatch(/✖ tests +`pnpm test` failed \(exit code 3\)/);
    expect(failing.status).toBe(1);
  });

  it('compares with the merge base, so changes that landed on main since do not count', () => {
    pullRequest();
    repo.git('checkout', '--quiet', 'main');
    repo.write(spec, readFixture('breaking/removed-operation.yaml'));
    repo.commit('main moves on');
    repo.git('checkout', '--quiet', 'feature');
    const result = checkPr(repo.dir, '--base', 'main', '--only', 'breaking,changesets');
    expect(result.stdout).toContain('✔ breaking    spec unchanged');
    expect(result.status).toBe(0);
  });

  it('treats a spec the base lacks as new: nothing breaks, and the client needs a minor release', () => {
    repo = tempRepo();
    repo.write('README.md', 'Before the spec.\n');
    repo.commit('first');
    repo.write(spec, readFixture('breaking/base.yaml'));
    repo.commit('add the spec');
    const result = checkPr(repo.dir, '--base', 'HEAD~1', '--only', 'breaking,changesets');
    expect(result.stdout).toContain('✔ breaking    no spec at HEAD~1: all of it is new');
    expect(result.stdout).toContain('✖ changesets  @coze/client needs minor, the changesets give none');
    expect(result.status).toBe(1);
  });

  it('defaults to main when there is no origin/main', () => {
    pullRequest();
    repo.write(spec, readFixture('breaking/response-enum-value-added.yaml'));
    const result = checkPr(repo.dir, '--only', 'breaking');
    expect(result.stdout).toMatch(/against main \(merge base [0-9a-f]{10}\)/);
    expect(result.stdout).toContain("Enum of `status` gained values: 'archived'.");
    expect(result.status).toBe(1);
  });

  it('refuses a base ref that names no commit, and an unknown step', () => {
    pullRequest();
    expect(checkPr(repo.dir, '--base', 'origin/nope')).toMatchObject({ status: 2, stderr: expect.stringContaining('`origin/nope` names no commit') });
    expect(checkPr(repo.dir, '--only', 'lint,typo')).toMatchObject({ status: 2, stderr: expect.stringContaining('Unknown step: typo') });
  });
});
