// The changeset rule: a spec change needs a changeset for @coze/client whose bump covers what the change needs.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkChangesets, readNewChangesets } from '../src/changesets.mjs';
import { fixturesDir, removeTempRepos, repoRoot, tempRepo } from './helpers.mjs';

const packageName = '@coze/client';
const specFile = 'spec/coze.v1.yaml';
const fixture = (name) => join(repoRoot, fixturesDir, 'changesets', `${name}.md`);

let repo;
afterEach(removeTempRepos);

/** Reads the named fixture changesets as a pull request adding them would have them. */
function changesets(...names) {
  repo = tempRepo();
  repo.write('.changeset/README.md', 'Changesets.\n');
  repo.write('.changeset/already-released.md', '---\n"@coze/client": major\n---\n\nOn the base branch already.\n');
  repo.commit('base');
  for (const name of names) copyFileSync(fixture(name), join(repo.dir, '.changeset', `${name}.md`));
  return readNewChangesets(repo.dir, repo.git('rev-parse', 'HEAD').trim());
}

const check = (requiredBump, names, specChanged = true) =>
  checkChangesets({ specChanged, requiredBump, changesets: changesets(...names), packageName, specFile });

describe('readNewChangesets', () => {
  it('reads the changesets the base lacks, not the README nor those already on the base', () => {
    const found = changesets('minor', 'other-package');
    expect(found.map(({ file, releases }) => ({ file, releases }))).toEqual([
      { file: '.changeset/minor.md', releases: [{ name: packageName, type: 'minor' }] },
      { file: '.changeset/other-package.md', releases: [{ name: '@coze/runtime', type: 'minor' }] },
    ]);
  });

  it('keeps an unparseable changeset with its error', () => {
    const [invalid] = changesets('invalid');
    expect(invalid.error).toMatch(/invalid version type "huge"/);
  });
});

describe('checkChangesets', () => {
  it('needs nothing when the spec did not change', () => {
    expect(check('none', [], false)).toMatchObject({ ok: true, needed: 'none', findings: [] });
  });

  it('fails a spec change without a changeset, naming the bump to add', () => {
    const result = check('minor', []);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      expect.objectContaining({ rule: 'changeset-missing', file: specFile, message: expect.stringContaining('`"@coze/client": minor`') }),
    ]);
  });

  it('fails a spec change whose changesets release other packages only', () => {
    expect(check('patch', ['other-package']).findings.map((f) => f.rule)).toEqual(['changeset-missing']);
  });

  it('needs a patch for a spec change the diff rates none (a comment, a reordering)', () => {
    expect(check('none', [])).toMatchObject({ ok: false, needed: 'patch' });
    expect(check('none', ['patch'])).toMatchObject({ ok: true, needed: 'patch' });
  });

  it('fails a patch changeset for an additive change, on the changeset line that names the client', () => {
    const result = check('minor', ['patch']);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([
      {
        severity: 'error',
        rule: 'changeset-bump-too-low',
        file: '.changeset/patch.md',
        line: 2,
        message: 'The changeset bumps @coze/client `patch`, but the spec change needs at least `minor` (an additive change).',
      },
    ]);
  });

  it('passes a minor changeset for an additive change', () => {
    expect(check('minor', ['minor'])).toMatchObject({ ok: true, needed: 'minor', given: 'minor', findings: [] });
  });

  it('fails a minor changeset for a breaking change and passes a major one', () => {
    const low = check('major', ['minor']);
    expect(low.ok).toBe(false);
    expect(low.findings[0].message).toContain('needs at least `major` (a breaking change)');
    expect(check('major', ['major'])).toMatchObject({ ok: true, given: 'major' });
  });

  it('takes the highest bump of several changesets', () => {
    expect(check('minor', ['patch', 'minor'])).toMatchObject({ ok: true, given: 'minor' });
  });

  it('fails an unparseable changeset', () => {
    const result = check('minor', ['minor', 'invalid']);
    expect(result.ok).toBe(false);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'changeset-invalid', file: '.changeset/invalid.md' })]);
  });
});
