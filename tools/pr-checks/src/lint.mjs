// Lint step: `redocly lint` with redocly.yaml (recommended-strict plus the coze/ rules of tools/redocly-rules),
// then Spectral with the OWASP API Security Top 10 ruleset (spectral.yaml): two independent linters, one verdict.
import { parseAnnotations } from './findings.mjs';
import { redocly } from './redocly.mjs';
import { spectral } from './spectral.mjs';

/**
 * Lints API descriptions and answers their findings with repository-relative file, line and column.
 *
 * @example
 *   const { findings } = lintFiles('/repo', ['spec/coze.v1.yaml']);
 */
export function lintFiles(cwd, files) {
  return {
    findings: [
      ...annotationsOf('redocly lint', redocly(cwd, ['lint', ...files, '--format=github-actions', '--lint-config=error'])),
      ...annotationsOf('spectral lint', spectral(cwd, files)),
    ],
  };
}

// A non-zero exit with no annotation means the linter itself failed (a bad config, an unreadable file).
function annotationsOf(tool, result) {
  const findings = parseAnnotations(result.stdout);
  if (result.status !== 0 && findings.length === 0) {
    const output = `${result.stderr}${result.stdout}`.trim();
    findings.push({ severity: 'error', rule: tool.split(' ')[0], message: `${tool} failed:\n${output}` });
  }
  return findings;
}

/** @param {import('./context.mjs').Context} context */
export function lintStep(context) {
  const { findings } = lintFiles(context.cwd, [context.specPath]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return {
    ok: findings.length === 0,
    findings,
    summary: findings.length === 0 ? 'no findings' : `${errors} error(s), ${warnings} warning(s)`,
  };
}
