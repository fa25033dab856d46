// Changeset rule: a spec change ships in a release of the client, so it comes with a changeset for the client
// whose bump is at least what the change needs (patch for wording, minor for additions, major for breaks).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import parseChangeset from '@changesets/parse';
import { BUMPS } from './breaking.mjs';
import { listAtCommit } from './git.mjs';

const CHANGESET_DIR = '.changeset';

/**
 * The changesets a pull request adds: `.changeset/*.md` files of the working tree that the base commit lacks
 * (changesets already on the base branch belong to earlier changes). Each is parsed; one that cannot be parsed
 * carries its error.
 *
 * @returns {{ file: string, text: string, releases: { name: string, type: string }[], error?: string }[]}
 */
export function readNewChangesets(cwd, baseCommit) {
  const dir = join(cwd, CHANGESET_DIR);
  if (!existsSync(dir)) return [];
  const onBase = new Set(baseCommit ? listAtCommit(cwd, baseCommit, CHANGESET_DIR) : []);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md' && !onBase.has(name))
    .sort()
    .map((name) => {
      const file = `${CHANGESET_DIR}/${name}`;
      const text = readFileSync(join(cwd, file), 'utf8');
      try {
        return { file, text, releases: parseChangeset(text).releases };
      } catch (error) {
        return { file, text, releases: [], error: error.message.split('\n')[0] };
      }
    });
}

/**
 * Judges the changesets of a pull request against its spec change.
 *
 * @param {object} input
 * @param {boolean} input.specChanged   The spec file differs from the base's.
 * @param {string} input.requiredBump  What the change needs as rated by the diff: none, patch, minor or major.
 * @param {ReturnType<typeof readNewChangesets>} input.changesets
 * @param {string} input.packageName   The package that releases the spec, `@coze/client`.
 * @param {string} input.specFile
 * @example
 *   checkChangesets({ specChanged: true, requiredBump: 'minor', changesets: [], packageName: '@coze/client', specFile: 'spec/coze.v1.yaml' })
 *   // { ok: false, needed: 'minor', given: 'none', findings: [{ severity: 'error', rule: 'changeset-missing', ... }] }
 */
export function checkChangesets({ specChanged, requiredBump, changesets, packageName, specFile }) {
  const findings = changesets
    .filter((changeset) => changeset.error)
    .map((changeset) => ({ severity: 'error', rule: 'changeset-invalid', file: changeset.file, line: 1, message: changeset.error }));

  // Any spec change is released, so even a change the diff rates `none` (a comment, a reordering) needs a patch.
  const needed = specChanged ? BUMPS[Math.max(BUMPS.indexOf('patch'), BUMPS.indexOf(requiredBump))] : 'none';
  const releasing = changesets.flatMap((changeset) =>
    changeset.releases.filter((release) => release.name === packageName).map((release) => ({ ...release, changeset })),
  );
  const given = releasing.reduce((max, release) => (BUMPS.indexOf(release.type) > BUMPS.indexOf(max) ? release.type : max), 'none');

  if (needed !== 'none' && releasing.length === 0) {
    findings.push({
      severity: 'error',
      rule: 'changeset-missing',
      file: specFile,
      message: `${specFile} changed, so ${packageName} needs a release: add a changeset with \`"${packageName}": ${needed}\` (run \`pnpm changeset\`).`,
    });
  } else if (BUMPS.indexOf(given) < BUMPS.indexOf(needed)) {
    for (const release of releasing) {
      findings.push({
        severity: 'error',
        rule: 'changeset-bump-too-low',
        file: release.changeset.file,
        line: lineOfPackage(release.changeset.text, packageName),
        message: `The changeset bumps ${packageName} \`${release.type}\`, but the spec change needs at least \`${needed}\` (${WHY[needed]}).`,
      });
    }
  }
  return { ok: findings.length === 0, needed, given, findings };
}

const WHY = {
  patch: 'a change that adds and removes nothing',
  minor: 'an additive change',
  major: 'a breaking change',
};

function lineOfPackage(text, packageName) {
  const index = text.split('\n').findIndex((line) => line.includes(packageName));
  return index === -1 ? 1 : index + 1;
}

/** The changeset `pnpm regen` writes for a spec change: `.changeset/api-changes-<branch>.md`. */
export const API_CHANGESET_PREFIX = 'api-changes';

/**
 * The release notes a spec change needs: a changeset among the new ones whose text is exactly `expected` (what
 * `pnpm regen` writes from the diff), so that CHANGELOG.md lists the API changes in words.
 *
 * @param {{ expected: string, changesets: ReturnType<typeof readNewChangesets>, specFile: string }} input
 * @returns {import('./findings.mjs').Finding[]}
 */
export function checkApiChangeset({ expected, changesets, specFile }) {
  if (changesets.some((changeset) => changeset.text === expected)) return [];
  const stale = changesets.find((changeset) => changeset.file.startsWith(`${CHANGESET_DIR}/${API_CHANGESET_PREFIX}`));
  const message = stale
    ? `${stale.file} no longer lists the API changes of ${specFile} as the diff finds them: run \`pnpm regen\` to rewrite it (write your own words in another changeset).`
    : `${specFile} changed: the changeset for the client must list the API changes. Run \`pnpm regen\`, which writes them from the diff into ${CHANGESET_DIR}/${API_CHANGESET_PREFIX}-….md.`;
  return [{ severity: 'error', rule: 'changeset-api-changes', file: stale?.file ?? specFile, ...(stale && { line: 1 }), message }];
}

/** @param {import('./context.mjs').Context} context */
export function changesetStep(context) {
  const comparison = context.specComparison();
  const changesets = readNewChangesets(context.cwd, context.base?.commit);
  const result = checkChangesets({
    specChanged: comparison.kind !== 'unchanged',
    requiredBump: comparison.bump,
    changesets,
    packageName: context.packageName,
    specFile: context.specPath,
  });
  const notes = comparison.kind === 'changed' ? checkApiChangeset({ expected: context.apiChangeset(), changesets, specFile: context.specPath }) : [];
  const findings = [...result.findings, ...notes];
  const summary =
    result.needed === 'none'
      ? `spec unchanged: no changeset needed (${changesets.length} new)`
      : `${context.packageName} needs ${result.needed}, the changesets give ${result.given}${comparison.kind === 'changed' ? `; API changes ${notes.length === 0 ? 'listed' : 'not listed'}` : ''}`;
  return { ok: findings.length === 0, findings, summary };
}
