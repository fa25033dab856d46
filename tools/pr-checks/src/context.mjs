// What every step of a run shares: where the repository is, what the base is, and the spec comparison,
// computed once because both the breaking gate and the changeset rule need it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { apiChangeset, describeApiChanges } from './api-changes.mjs';
import { BUMPS, diffSpecs, judgeDiff } from './breaking.mjs';
import { readAtCommit } from './git.mjs';

/**
 * @typedef {object} Context
 * @property {string} cwd            The repository root.
 * @property {string} specPath       Repository-relative path of the spec.
 * @property {string} packageName    The package that releases the spec.
 * @property {{ ref: string, commit: string } | null} base   null when the repository has no base to compare with.
 * @property {() => SpecComparison} specComparison
 * @property {() => string} apiChangeset   The changeset text that releases the spec change (for `changed` only).
 *
 * @typedef {object} SpecComparison
 * @property {'unchanged' | 'added' | 'removed' | 'changed'} kind
 * @property {string} bump           The release the change needs: none, patch, minor or major.
 * @property {ReturnType<typeof judgeDiff>} [verdict]   Only for `changed`.
 * @property {string[]} [apiChanges]  The changes in words; only for `changed`.
 * @property {{ from?: string, to?: string }} [versions]  `info.version` of the base and of the head.
 */

/** @returns {Context} */
export function createContext({ cwd, base, specPath = 'spec/coze.v1.yaml', packageName = '@coze/client' }) {
  let comparison;
  return {
    cwd,
    specPath,
    packageName,
    base,
    specComparison() {
      comparison ??= compareSpec({ cwd, base, specPath });
      return comparison;
    },
    apiChangeset() {
      const { apiChanges = [], bump, versions = {} } = this.specComparison();
      // Any spec change is released, so even one the diff rates `none` (a comment) needs a patch.
      const release = BUMPS[Math.max(BUMPS.indexOf('patch'), BUMPS.indexOf(bump))];
      return apiChangeset({ packageName, bump: release, lines: apiChanges, ...versions });
    },
  };
}

function compareSpec({ cwd, base, specPath }) {
  const headText = existsSync(join(cwd, specPath)) ? readFileSync(join(cwd, specPath), 'utf8') : null;
  const baseText = base ? readAtCommit(cwd, base.commit, specPath) : null;
  if (baseText === headText) return { kind: 'unchanged', bump: 'none' };
  if (baseText === null) return { kind: 'added', bump: 'minor' };
  if (headText === null) return { kind: 'removed', bump: 'major' };
  const report = diffSpecs({ cwd, baseText, headPath: specPath });
  const verdict = judgeDiff({ report, baseText, headText, headFile: specPath });
  const versionOf = (text) => String(parse(text)?.info?.version ?? '') || undefined;
  const apiChanges = describeApiChanges({ report, baseText, headText });
  return { kind: 'changed', bump: verdict.bump, verdict, apiChanges, versions: { from: versionOf(baseText), to: versionOf(headText) } };
}
