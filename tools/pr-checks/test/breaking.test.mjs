// The breaking-change gate on fixture pairs: fixtures/breaking/base.yaml against one edited copy each.
// Every breaking edit fails with a message that names the change, at the line of the head spec where it is
// (or, for what the head no longer has, where its parent is); safe edits pass.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs, judgeDiff } from '../src/breaking.mjs';
import { fixturesDir, lineOf, readFixture, repoRoot } from './helpers.mjs';

const baseText = readFixture('breaking/base.yaml');

function gate(name) {
  const headPath = `${fixturesDir}/breaking/${name}.yaml`;
  const headText = readFixture(`breaking/${name}.yaml`);
  const report = diffSpecs({ cwd: repoRoot, baseText, headPath });
  return { headPath, headText, ...judgeDiff({ report, baseText, headText, headFile: headPath }) };
}

// The fixture, the rule that must report, what its message must say, and where in the head it must point (the
// changed line, or for what the head no longer has, the nearest parent that it still has). A removal also names
// the line of the removed key in the base: `removals` pins it.
const breaking = [
  ['removed-operation', 'operation-removed', 'Operation `GET /widgets` was removed', '  /widgets:\n'],
  ['changed-method', 'operation-removed', 'Operation `DELETE /widgets/{id}` was removed', '  /widgets/{id}:'],
  ['renamed-path', 'path-removed', 'Path `/widgets/{id}` was renamed to `/widget/{id}`', '  /widget/{id}:'],
  ['removed-response-property', 'property-removed', 'Property `size` of `Widget` was removed', '      properties:\n        id:'],
  ['request-enum-value-removed', 'enum-values-removed', "Enum of `color` lost values: 'blue'", '      enum: [red]'],
  ['response-enum-value-added', 'enum-values-added', "Enum of `status` gained values: 'archived'", '      enum: [draft, live, archived]'],
  ['narrowed-request-type', 'schema-type-changed', "Type of `weight` narrowed from 'number' to 'integer'", '                  type: integer'],
  ['request-field-required', 'required-properties-added', 'Properties became required: `color`', '              required: [name, color]'],
  ['parameter-required', 'parameter-became-required', '`cursor` query parameter became required', '          required: true'],
  ['request-max-length-lowered', 'schema-constraint-changed', "`maxLength` of `name` changed from '64' to '32'", '                  maxLength: 32'],
  ['response-field-optional', 'required-properties-removed', 'Properties of `Widget` are no longer required: `status`', '      required: [id, name]'],
  ['response-field-nullable', 'schema-type-changed', "Type of `has_more` widened from 'boolean' to 'boolean | null'", "type: [boolean, 'null']"],
  ['widened-response-type', 'schema-type-changed', "Type of `size` widened from 'integer' to 'number'", '          type: number\n          maximum: 10'],
  ['removed-response-status', 'response-removed', 'Response `400` was removed', "      responses:\n        '200':\n          description: A page"],
  ['removed-media-type', 'media-type-removed', 'Media type `text/plain` was removed', "          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Widget'"],
];

// For what the head no longer has: the base spec's line of the removed key, found by a needle that starts there.
const removals = {
  'removed-operation': ['  /widgets:\n    get:', 1],
  'changed-method': ['    delete:\n      operationId: widget.delete', 0],
  'removed-response-property': ['        size:\n', 0],
  'removed-response-status': ["        '400':\n          description: Invalid", 0],
  'removed-media-type': ['            text/plain:', 0],
};

/** The line where `needle` starts; a needle may continue over more lines to be unique. */
function lineOfNeedle(text, needle) {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`fixture lacks ${JSON.stringify(needle)}`);
  return text.slice(0, at).split('\n').length;
}

describe('the breaking-change gate', () => {
  it.each(breaking)('%s fails with %s', (name, rule, message, needle) => {
    const result = gate(name);
    expect(result.ok).toBe(false);
    expect(result.bump).toBe('major');
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({ severity: 'error', rule, file: result.headPath });
    expect(finding.message).toContain(message);
    expect(finding.line).toBe(lineOfNeedle(result.headText, needle));
    const removal = removals[name];
    const baseLine = removal ? lineOfNeedle(baseText, removal[0]) + removal[1] : undefined;
    expect(/\(line (\d+) of the base spec\)$/.exec(finding.message)?.[1]).toBe(baseLine && String(baseLine));
  });

  it('passes additive changes and rates them minor', () => {
    const result = gate('additive');
    expect(result).toMatchObject({ ok: true, bump: 'minor', breaking: 0, findings: [] });
  });

  it('passes what narrows responses or widens requests', () => {
    const result = gate('safe-narrowing');
    expect(result).toMatchObject({ ok: true, breaking: 0, findings: [] });
    expect(['patch', 'minor']).toContain(result.bump);
  });

  it('passes the unchanged spec with nothing to release', () => {
    const result = gate('base');
    expect(result).toMatchObject({ ok: true, bump: 'none', findings: [] });
  });
});

describe('the opt-out: a new major version', () => {
  it('lets breaking changes through as warnings when info.version and the server URL move to v2', () => {
    const result = gate('major-version');
    expect(result.ok).toBe(true);
    expect(result.bump).toBe('major');
    expect(result.optOut).toEqual({ from: '1.0.0', to: '2.0.0' });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(result.findings.map((f) => f.message)).toContain(
      'Breaking, allowed by the major version 1.0.0 → 2.0.0: Operation `GET /widgets` was removed. (line 11 of the base spec)',
    );
  });

  it('still fails when the servers keep the old major prefix', () => {
    const result = gate('major-version-same-url');
    expect(result.ok).toBe(false);
    const errors = result.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        rule: 'major-version-url',
        line: lineOf(result.headText, '  - url: https://api.example.test/v1'),
        message: expect.stringContaining('must carry its prefix `/v2`'),
      }),
    ]);
  });
});

describe('integer formats on request parameters', () => {
  // base.yaml plus a bounded `limit` query parameter; the head adds `format` to it.
  const withLimit = (schema) =>
    baseText.replace(
      '      parameters:\n        - name: cursor\n',
      `      parameters:\n        - name: limit\n          in: query\n          schema:\n${schema}        - name: cursor\n`,
    );
  const judge = (baseSchema, headSchema) => {
    const before = withLimit(baseSchema);
    const after = withLimit(headSchema);
    const dir = mkdtempSync(join(tmpdir(), 'breaking-format-'));
    try {
      writeFileSync(join(dir, 'head.yaml'), after);
      const headPath = relative(repoRoot, join(dir, 'head.yaml'));
      const report = diffSpecs({ cwd: repoRoot, baseText: before, headPath });
      return judgeDiff({ report, baseText: before, headText: after, headFile: headPath });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const bounded = '            type: integer\n            minimum: 1\n            maximum: 100\n';

  it('passes a format that refuses nothing the existing bounds did not', () => {
    const result = judge(bounded, `${bounded}            format: int32\n`);
    expect(result).toMatchObject({ ok: true, breaking: 0, bump: 'patch' });
  });

  it('still fails a format on an integer without both bounds, which narrows what clients may send', () => {
    const result = judge('            type: integer\n            minimum: 1\n', '            type: integer\n            minimum: 1\n            format: int32\n');
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => f.message)).toEqual(["Breaking change: `format` was set to 'int32'."]);
  });
});
