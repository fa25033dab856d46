// Breaking-change gate: rates the difference between the base's spec and the working tree's with
// `redocly diff` (OpenAPI 3.1 aware, request and response directions apart; see the README for why this and
// not another tool), and fails on every change it rates `major`, unless the spec opts out by a new major version.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { redocly } from './redocly.mjs';
import { locatePointer } from './yaml-lines.mjs';

/** Semver bumps in increasing order. */
export const BUMPS = ['none', 'patch', 'minor', 'major'];

/**
 * Rates two spec texts with `redocly diff --format=json` and answers its report. The head text is read from
 * `headPath` (repository-relative, so findings point at it); the base text goes through a temporary file.
 *
 * @returns {{ bump: string, changes: object[], files: { base: string, revision: string } }}
 */
export function diffSpecs({ cwd, baseText, headPath }) {
  const dir = mkdtempSync(join(tmpdir(), 'pr-checks-'));
  try {
    const basePath = relative(cwd, join(dir, 'base.yaml'));
    const reportPath = join(dir, 'report.json');
    writeFileSync(join(dir, 'base.yaml'), baseText);
    const result = redocly(cwd, ['diff', basePath, headPath, '--format=json', `--output=${reportPath}`, '--fail-on=none', '--lint-config=off']);
    if (result.status !== 0) throw new Error(`redocly diff failed:\n${result.stderr.trim() || result.stdout.trim()}`);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    return refineReport({ ...report, bump: report.bump ?? 'none' }, { baseText, headText: readFileSync(join(cwd, headPath), 'utf8') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The range each integer format allows.
const FORMAT_RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] };

const nodeAt = (doc, pointer) =>
  pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((node, key) => node?.[key], doc);

/**
 * Corrects one verdict of `redocly diff`: it rates setting an integer `format` on a request schema as breaking, but
 * when the schema's `minimum` and `maximum` were already there and lie within the format's range, the format
 * refuses nothing the bounds did not (`limit: integer 1..100` gaining `format: int32`). Such a change is
 * downgraded to `patch`, and the report's bump is recomputed from its changes.
 */
export function refineReport(report, { baseText, headText }) {
  const base = parse(baseText) ?? {};
  const head = parse(headText) ?? {};
  let changed = false;
  const changes = (report.changes ?? []).map((change) => {
    if (change.property !== 'format' || change.kind !== 'modified' || !change.revision?.pointer || !change.base?.pointer) return change;
    const range = FORMAT_RANGE[change.revision.value];
    const before = nodeAt(base, change.base.pointer);
    const after = nodeAt(head, change.revision.pointer.replace(/\/format$/, ''));
    const bounded = (schema) => schema?.type === 'integer' && schema.minimum >= range?.[0] && schema.maximum <= range?.[1];
    if (!range || !bounded(before) || !bounded(after) || before.minimum !== after.minimum || before.maximum !== after.maximum) return change;
    changed = true;
    return { ...change, impact: 'patch', verdicts: (change.verdicts ?? []).map((verdict) => ({ ...verdict, impact: 'patch' })) };
  });
  if (!changed) return report;
  const bump = changes.reduce((max, change) => (BUMPS.indexOf(change.impact) > BUMPS.indexOf(max) ? change.impact : max), 'none');
  return { ...report, changes, bump };
}

const majorOf = (version) => Number.parseInt(String(version ?? '').split('.')[0], 10);

/**
 * Judges a diff report: every verdict rated `major` is a breaking change. Findings point at the head spec; a
 * verdict about something the head no longer has points at its nearest surviving ancestor and names the base line.
 *
 * The opt-out: a head whose `info.version` has a higher major than the base's is a new major version of the API,
 * which may break; its breaking changes become warnings (still listed for the review), and every server URL must
 * carry the new `/v{major}` prefix, since a new major ships under a new URL prefix.
 *
 * @returns {{ ok: boolean, bump: string, breaking: number, optOut: { from: string, to: string } | null, findings: import('./findings.mjs').Finding[] }}
 */
export function judgeDiff({ report, baseText, headText, headFile }) {
  const base = parse(baseText) ?? {};
  const head = parse(headText) ?? {};
  const optOut =
    majorOf(head.info?.version) > majorOf(base.info?.version) ? { from: base.info.version, to: head.info.version } : null;

  const findings = [];
  for (const change of report.changes ?? []) {
    for (const verdict of change.verdicts ?? []) {
      if (verdict.impact !== 'major') continue;
      const { baseLine, ...where } = locate(verdict.location, { report, baseText, headText, headFile });
      const prefix = optOut ? `Breaking, allowed by the major version ${optOut.from} → ${optOut.to}: ` : 'Breaking change: ';
      const suffix = baseLine ? ` (line ${baseLine} of the base spec)` : '';
      findings.push({ severity: optOut ? 'warning' : 'error', rule: verdict.ruleId, ...where, message: `${prefix}${verdict.message}${suffix}` });
    }
  }

  if (optOut) {
    const major = majorOf(optOut.to);
    (head.servers ?? []).forEach((server, index) => {
      if (new RegExp(`/v${major}(/|$)`).test(server.url ?? '')) return;
      findings.push({
        severity: 'error',
        rule: 'major-version-url',
        file: headFile,
        ...lineOf(headText, `#/servers/${index}/url`),
        message: `info.version ${optOut.to} is a new major version: server \`${server.url}\` must carry its prefix \`/v${major}\`, so that v${majorOf(optOut.from)} clients keep their URL.`,
      });
    });
  }

  const breaking = findings.filter((f) => f.rule !== 'major-version-url').length;
  return { ok: !findings.some((f) => f.severity === 'error'), bump: report.bump ?? 'none', breaking, optOut, findings };
}

// Findings point at the key of the node in the head spec (redocly points at a map's first entry instead); what the
// head no longer has is located at its nearest surviving parent, with the line of its key in the base (redocly's
// own line for it is its value's first line, one too low).
function locate(location, { report, baseText, headText, headFile }) {
  if (!location) return { file: headFile };
  const { line, col } = locatePointer(headText, location.pointer);
  if (location.file === report.files?.revision) return { file: headFile, line, col };
  return { file: headFile, line, col, baseLine: locatePointer(baseText, location.pointer).line };
}

const lineOf = (text, pointer) => {
  const { line, col } = locatePointer(text, pointer);
  return { line, col };
};

/** @param {import('./context.mjs').Context} context */
export function breakingStep(context) {
  const comparison = context.specComparison();
  if (comparison.kind === 'unchanged') return { ok: true, findings: [], summary: 'spec unchanged' };
  if (comparison.kind === 'added') return { ok: true, findings: [], summary: `no spec at ${context.base?.ref ?? 'the base'}: all of it is new` };
  if (comparison.kind === 'removed') {
    return {
      ok: false,
      findings: [{ severity: 'error', rule: 'spec-removed', file: context.specPath, message: `${context.specPath} was removed: every operation breaks.` }],
      summary: 'spec removed',
    };
  }
  const verdict = comparison.verdict;
  const summary = verdict.optOut
    ? `${verdict.breaking} breaking change(s) allowed by the major version ${verdict.optOut.from} → ${verdict.optOut.to}`
    : verdict.breaking > 0
      ? `${verdict.breaking} breaking change(s)`
      : `no breaking change (needs a ${verdict.bump} release)`;
  return { ok: verdict.ok, findings: verdict.findings, summary };
}
