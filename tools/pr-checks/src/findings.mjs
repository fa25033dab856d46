/**
 * A finding is what every check reports: a severity, the rule that found it, a message, and where it is.
 *
 * @typedef {object} Finding
 * @property {'error' | 'warning' | 'notice'} severity
 * @property {string} rule      The id of the rule, e.g. `coze/https-servers` or `enum-values-added`.
 * @property {string} message
 * @property {string} [file]    Repository-relative path.
 * @property {number} [line]    1-based.
 * @property {number} [col]     1-based.
 */

/** Escapes the message part of a workflow command (GitHub's `escapeData`). */
const escapeData = (text) => String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escapes a property value of a workflow command (GitHub's `escapeProperty`). */
const escapeProperty = (text) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * Formats a finding for the terminal (`text`) or as a GitHub Actions annotation (`github-actions`), which the
 * pull request shows on the finding's line.
 *
 * @example
 *   formatFinding({ severity: 'error', rule: 'coze/https-servers', message: 'Use https', file: 'spec/coze.v1.yaml', line: 72 }, 'github-actions')
 *   // '::error file=spec/coze.v1.yaml,line=72,title=coze/https-servers::Use https'
 */
export function formatFinding(finding, format) {
  if (format === 'github-actions') {
    const properties = [
      finding.file && `file=${escapeProperty(finding.file)}`,
      finding.line && `line=${finding.line}`,
      finding.col && `col=${finding.col}`,
      `title=${escapeProperty(finding.rule)}`,
    ].filter(Boolean);
    return `::${finding.severity} ${properties.join(',')}::${escapeData(finding.message)}`;
  }
  const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}${finding.col ? `:${finding.col}` : ''}` : ''}  ` : '';
  return `${where}${finding.severity}  ${finding.rule}  ${finding.message}`;
}

// Properties end at the first `::`; a value may hold a single `:` (Spectral's rule ids, `owasp:api4:2023-…`).
const ANNOTATION = /^::(error|warning|notice)(?: (.*?))?::(.*)$/;

/**
 * Parses GitHub Actions annotations (as `redocly lint --format=github-actions` prints them) back into findings.
 *
 * @example
 *   parseAnnotations('::error title=struct,file=a.yaml,line=3,col=1::Bad')
 *   // [{ severity: 'error', rule: 'struct', file: 'a.yaml', line: 3, col: 1, message: 'Bad' }]
 */
export function parseAnnotations(text) {
  const findings = [];
  for (const line of text.split('\n')) {
    const match = ANNOTATION.exec(line.trim());
    if (!match) continue;
    const properties = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), unescape(pair.slice(at + 1))];
        }),
    );
    findings.push({
      severity: match[1],
      rule: properties.title ?? 'unknown',
      message: unescape(match[3]).trim(),
      ...(properties.file && { file: properties.file }),
      ...(properties.line && { line: Number(properties.line) }),
      ...(properties.col && { col: Number(properties.col) }),
    });
  }
  return findings;
}

const unescape = (text) =>
  text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
