// Every coze/ rule trips on its fixture, on the marked lines, with a GitHub Actions annotation; the clean
// fixture and the real spec have no findings at all.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { redocly } from '../src/redocly.mjs';
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
    expect(rateLimit).toHaveLength(3);
    expect(rateLimit.every((line) => line.endsWith('must declare the header `RateLimit-Policy`.'))).toBe(true);
  });
});

describe('spec/coze.v1.yaml', () => {
  it('has no lint findings', () => {
    const result = redocly(repoRoot, ['lint', 'spec/coze.v1.yaml', '--format=github-actions']);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(result.status).toBe(0);
  });
});
