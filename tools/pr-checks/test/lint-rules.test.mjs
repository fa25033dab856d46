// Every coze/ rule trips on its fixture, on the marked lines, with a GitHub Actions annotation; the clean
// fixture and the real spec have no findings at all. Spectral's OWASP ruleset runs in the same step.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAnnotations } from '../src/findings.mjs';
import { lintFiles } from '../src/lint.mjs';
import { redocly } from '../src/redocly.mjs';
import { spectral } from '../src/spectral.mjs';
import { fixturesDir, readFixture, repoRoot } from './helpers.mjs';

const lintDir = `${fixturesDir}/lint`;
const ruleFixtures = readdirSync(join(repoRoot, lintDir)).filter((name) => name.endsWith('.yaml') && name !== 'clean.yaml');

/** The `# expect: coze/<rule>` markers of a fixture, as `<rule>@<line>`. */
function expectedMarkers(name) {
  return readFixture(`lint/${name}`)
    .split('\n')
    .flatMap((line, index) => {
      const match = /#\s*expect:\s*(coze\/[\w-]+)\s*$/.exec(line);
      return match ? [`${match[1]}@${index + 1}`] : [];
    });
}

describe('the coze/ lint rules', () => {
  let annotations;
  beforeAll(() => {
    // One redocly run over every fixture, from the repository root as the lint step runs it.
    const files = ['clean.yaml', ...ruleFixtures].map((name) => `${lintDir}/${name}`);
    annotations = redocly(repoRoot, ['lint', ...files, '--format=github-actions']).stdout.split('\n').filter((l) => l.startsWith('::'));
  });
  const annotationsOf = (name) => annotations.filter((line) => line.includes(`file=${lintDir}/${name},`));

  it('has a fixture for every rule of the plugin', async () => {
    const { default: plugin } = await import('../../redocly-rules/index.mjs');
    const rules = Object.keys(plugin().rules.oas3).map((id) => `coze/${id}`);
    const tripped = new Set(ruleFixtures.flatMap((name) => expectedMarkers(name).map((marker) => marker.split('@')[0])));
    expect([...tripped].sort()).toEqual(rules.sort());
  });

  it('finds nothing in the clean fixture', () => {
    expect(annotationsOf('clean.yaml')).toEqual([]);
  });

  it.each(ruleFixtures)('%s trips its rule on the marked lines, and nothing else', (name) => {
    const expected = expectedMarkers(name);
    expect(expected.length).toBeGreaterThan(0);
    const found = annotationsOf(name).map((line) => {
      const match = /^::error title=([^,]+),file=([^,]+),line=(\d+),/.exec(line);
      expect(match, line).not.toBeNull();
      return `${match[1]}@${match[3]}`;
    });
    expect(found.sort()).toEqual(expected.sort());
  });
});

describe('rule options', () => {
  it('are read from the configuration', () => {
    const config = `${fixturesDir}/lint-options/redocly.yaml`;
    const output = redocly(repoRoot, ['lint', `${lintDir}/clean.yaml`, `--config=${config}`, '--format=github-actions']).stdout;
    const messages = output.split('\n').filter((line) => line.includes('title=coze/'));
    expect(messages.filter((line) => line.includes('title=coze/operation-permission-level'))[0]).toContain('one permission level of viewer, editor; found [write]');
    // clean.yaml declares the X-RateLimit-* headers on every response, and none of them is RateLimit-Policy.
    const rateLimit = messages.filter((line) => line.includes('title=coze/rate-limit-headers'));
    expect(rateLimit).toHaveLength(5);
    expect(rateLimit.every((line) => line.endsWith('must declare the header `RateLimit-Policy`.'))).toBe(true);
    // clean.yaml's one operation declares 401, 403 and 429 but no 500.
    const declared = messages.filter((line) => line.includes('title=coze/declared-error-responses'));
    expect(declared.map((line) => line.split('::').at(-1))).toEqual(['Operation must declare the response `500` (every operation can answer them).']);
  });
});

describe('spec/coze.v1.yaml', () => {
  it('has no lint findings', () => {
    const result = redocly(repoRoot, ['lint', 'spec/coze.v1.yaml', '--format=github-actions']);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(result.status).toBe(0);
  });
});

describe("Spectral's OWASP API Security Top 10 ruleset (spectral.yaml)", () => {
  const rulesOf = (file) => {
    const result = spectral(repoRoot, [file]);
    return { result, rules: new Set(parseAnnotations(result.stdout).map((finding) => finding.rule)) };
  };

  it('is really applied: the Redocly-clean fixture still breaks OWASP rules', () => {
    const { result, rules } = rulesOf(`${lintDir}/clean.yaml`);
    expect(result.status).toBe(1);
    // Integers without format and bounds, a server without x-internal, no 500 declared.
    expect([...rules].sort()).toEqual([
      'owasp:api4:2023-integer-format',
      'owasp:api4:2023-integer-limit',
      'owasp:api8:2023-define-error-responses-500',
      'owasp:api9:2023-inventory-access',
    ]);
  });

  it('turns off only the rules it gives a reason for', () => {
    // clean.yaml has free-text strings and no CORS header: the two rules turned off would report both.
    const ruleset = readFileSync(join(repoRoot, 'tools/pr-checks/spectral.yaml'), 'utf8');
    const off = [...ruleset.matchAll(/^ {2}(\S+): off$/gm)].map((match) => match[1]);
    expect(off.sort()).toEqual(['owasp:api4:2023-string-restricted', 'owasp:api8:2023-define-cors-origin']);
    const { rules } = rulesOf(`${lintDir}/clean.yaml`);
    for (const rule of off) expect(rules.has(rule), rule).toBe(false);
  });

  it('finds nothing in spec/coze.v1.yaml', () => {
    const result = spectral(repoRoot, ['spec/coze.v1.yaml']);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('is part of the lint step, which reports its findings beside Redocly’s', () => {
    const { findings } = lintFiles(repoRoot, [`${lintDir}/https-servers.yaml`]);
    const rules = new Set(findings.map((finding) => finding.rule));
    expect(rules.has('coze/https-servers')).toBe(true);
    expect(rules.has('owasp:api4:2023-integer-format')).toBe(true);
  });
});
