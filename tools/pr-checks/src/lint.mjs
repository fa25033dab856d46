// Lint step: `redocly lint` with redocly.yaml (recommended-strict plus the coze/ rules of tools/redocly-rules).
import { parseAnnotations } from './findings.mjs';
import { redocly } from './redocly.mjs';

/**
 * Lints API descriptions and answers their findings with repository-relative file, line and column.
 *
 * @example
 *   const { findings } = lintFiles('/repo', ['spec/coze.v1.yaml']);
 */
export function lintFiles(cwd, files) {
  const result = redocly(cwd, ['lint', ...files, '--format=github-actions', '--lint-config=error']);
  const findings = parseAnnotations(result.stdout);
  // Exit code 1 with no annotation means redocly itself failed (a bad config, an unreadable file).
  if (result.status !== 0 && findings.length === 0) {
    findings.push({ severity: 'error', rule: 'redocly', message: `redocly lint failed:\n${result.stderr.trim()}` });
  }
  return { findings };
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
