// Release notes from the contract: the breaking-change gate's diff, in words, as the changeset `pnpm regen` writes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiChangeset, describeApiChanges } from '../src/api-changes.mjs';
import { diffSpecs } from '../src/breaking.mjs';
import { checkApiChangeset } from '../src/changesets.mjs';
import { fixturesDir, readFixture, repoRoot } from './helpers.mjs';

const baseText = readFixture('breaking/base.yaml');
const notes = (name) => {
  const headText = readFixture(`breaking/${name}.yaml`);
  const report = diffSpecs({ cwd: repoRoot, baseText, headPath: `${fixturesDir}/breaking/${name}.yaml` });
  return { report, lines: describeApiChanges({ report, baseText, headText }) };
};

describe('describeApiChanges', () => {
  it('lists additions: operations, parameters, request and response fields, enum values', () => {
    expect(notes('additive').lines).toEqual([
      'Added `widget.get` (`GET /widgets/{id}`).',
      'Added the optional query parameter `limit` to `widget.list`.',
      'Added the optional response field `Widget.label`.',
      'Added the optional request field `label` of `widget.create`.',
      'The request type `Color` accepts the new value `green`.',
    ]);
  });

  it('lists what tightens responses and loosens requests', () => {
    expect(notes('safe-narrowing').lines).toEqual([
      'The response field `Widget.size` is now always present.',
      'The request field `name` of `widget.create` is now optional.',
      'Loosened the request field `name` of `widget.create`: `maxLength` 64 → 128.',
      'The response type `Status` no longer holds `draft`.',
    ]);
  });

  it('puts breaking changes first, in the gate’s words (they pass only under a new major version)', () => {
    expect(notes('major-version').lines).toEqual([
      '**Breaking:** Operation `GET /widgets` was removed.',
      '**Breaking:** Server `https://api.example.test/v1` became `https://api.example.test/v2`.',
    ]);
  });

  it('lists deprecations and names an operation by its summary; extensions and the version stay out', () => {
    const headText = baseText
      .replace('      operationId: widget.list\n', '      operationId: widget.list\n      deprecated: true\n      x-provenance: seed\n')
      .replace('version: 1.0.0', 'version: 1.1.0');
    expect(headText).not.toBe(baseText);
    const report = diffAgainst(headText);
    expect(describeApiChanges({ report, baseText, headText })).toEqual(['Deprecated `widget.list`.']);
  });

  it('says when nothing but prose changed', () => {
    const headText = baseText.replace('title: Widget API', 'title: Widget API\n  description: Widgets, documented.');
    const report = diffAgainst(headText);
    expect(describeApiChanges({ report, baseText, headText })).toEqual(['Reworded the documentation of the overview.']);
  });
});

describe('the API changeset', () => {
  it('releases the client with the bump and lists the changes', () => {
    const text = apiChangeset({ packageName: '@coze/client', bump: 'minor', lines: ['Added `a.b` (`GET /a`).'], from: '1.0.0', to: '1.1.0' });
    expect(text).toBe("---\n'@coze/client': minor\n---\n\nAPI changes (spec/coze.v1.yaml 1.0.0 → 1.1.0):\n\n- Added `a.b` (`GET /a`).\n");
  });

  it('is required, exactly as generated, when the spec changed', () => {
    const expected = apiChangeset({ packageName: '@coze/client', bump: 'minor', lines: ['Added `a.b` (`GET /a`).'] });
    const written = { file: '.changeset/api-changes-feature.md', text: expected, releases: [] };
    const handWritten = { file: '.changeset/brave-fox.md', text: "---\n'@coze/client': minor\n---\n\nNew things.\n", releases: [] };
    expect(checkApiChangeset({ expected, changesets: [handWritten, written], specFile: 'spec/coze.v1.yaml' })).toEqual([]);
    expect(checkApiChangeset({ expected, changesets: [handWritten], specFile: 'spec/coze.v1.yaml' })).toEqual([
      expect.objectContaining({ rule: 'changeset-api-changes', file: 'spec/coze.v1.yaml', message: expect.stringContaining('Run `pnpm regen`') }),
    ]);
    const stale = { ...written, text: expected.replace('a.b', 'a.c') };
    expect(checkApiChangeset({ expected, changesets: [stale], specFile: 'spec/coze.v1.yaml' })).toEqual([
      expect.objectContaining({ rule: 'changeset-api-changes', file: stale.file, line: 1, message: expect.stringContaining('no longer lists the API changes') }),
    ]);
  });
});

function diffAgainst(headText) {
  const dir = mkdtempSync(join(tmpdir(), 'api-changes-'));
  try {
    writeFileSync(join(dir, 'head.yaml'), headText);
    return diffSpecs({ cwd: repoRoot, baseText, headPath: relative(repoRoot, join(dir, 'head.yaml')) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
