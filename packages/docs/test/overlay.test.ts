// The Chinese edition is the spec plus i18n/zh.overlay.yaml. These tests keep the overlay complete (every
// description and summary of the spec has Chinese text), current (every target still selects its object, and
// the English it translated has not changed since) and a translation only (it changes prose, nothing else).

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { query } from 'jsonpath-rfc9535';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describedElements, jsonPath, sourceHash } from '../src/described.js';
import { checkTranslations, formatTranslationProblems, translationProblems } from '../src/translations.js';
import { overlayPath, packageDir, readSpec, specPath } from './support/paths.js';
import { redocly } from './support/redocly.js';

const CJK = /[\u3400-\u9fff]/;
const PROSE_KEYS = new Set(['description', 'summary', 'title', 'x-displayName']);

const at = (doc: any, path: Array<string | number>) => path.reduce((node, key) => node?.[key], doc);

let spec: any;
let overlay: any;
let zh: any;
let tmp: string;

beforeAll(async () => {
  spec = await readSpec();
  overlay = parse(await readFile(overlayPath, 'utf8'));
  // Apply the overlay as the build does (Redocly's bundle), without the build's decorators.
  await mkdir(`${packageDir}.tmp`, { recursive: true });
  tmp = await mkdtemp(`${packageDir}.tmp/overlay-`);
  await writeFile(`${tmp}/redocly.yaml`, 'telemetry: off\n');
  await redocly(['bundle', specPath, `--overlay=${overlayPath}`, `--config=${tmp}/redocly.yaml`, `--output=${tmp}/zh.json`]);
  zh = JSON.parse(await readFile(`${tmp}/zh.json`, 'utf8'));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('i18n/zh.overlay.yaml', () => {
  it('is an Overlay 1.0 document with actions', () => {
    expect(overlay.overlay).toMatch(/^1\.0\.\d+$/);
    expect(overlay.actions.length).toBeGreaterThan(0);
  });

  it('gives every description and summary of the spec a Chinese text', () => {
    const untranslated = describedElements(spec)
      .filter(({ path, key, text }) => {
        const translated = at(zh, path)?.[key];
        return typeof translated !== 'string' || translated === text || !CJK.test(translated);
      })
      .map(({ path, key, text }) => `${jsonPath(spec, path)} ${key}: "${text.trim().slice(0, 60)}"`);
    expect(untranslated, `add these to i18n/zh.overlay.yaml:\n${untranslated.join('\n')}`).toEqual([]);
  });

  it('selects exactly one object of the spec with each target, and each object in one action only', () => {
    const stale = overlay.actions
      .filter((action: any) => query(spec, action.target).length !== 1)
      .map((action: any) => `${action.target} selects ${query(spec, action.target).length} objects`);
    expect(stale).toEqual([]);
    const targets = overlay.actions.map((action: any) => action.target);
    expect(targets.filter((t: string, i: number) => targets.indexOf(t) !== i)).toEqual([]);
  });

  it('translates the English as it is now', () => {
    const stale = overlay.actions.flatMap((action: any) => {
      const [node] = query(spec, action.target) as any[];
      const hash = sourceHash(node, Object.keys(action.update ?? {}));
      if (!node || action['x-source-hash'] === hash) return [];
      const english = ['summary', 'description'].flatMap((key) => (node[key] ? [`${key}: ${node[key].trim()}`] : []));
      return [`${action.target} (x-source-hash: '${hash}')\n  ${english.join('\n  ')}`];
    });
    expect(stale, `the English changed: update the Chinese, then its x-source-hash:\n${stale.join('\n')}`).toEqual([]);
  });

  it('translates and does nothing else: no removals, only prose fields', () => {
    for (const action of overlay.actions) {
      expect(action.remove, action.target).toBeUndefined();
      expect(Object.keys(action.update ?? {}).filter((key) => !PROSE_KEYS.has(key)), action.target).toEqual([]);
    }
  });
});

describe('the docs build checks the translations (src/translations.js)', () => {
  it('finds nothing to do in the repository', () => {
    expect(formatTranslationProblems(translationProblems(spec, overlay))).toBe('');
  });

  // The spec with one new operation and one changed summary: what a pull request that forgot the Chinese holds.
  const changed = () => {
    const copy = structuredClone(spec);
    copy.paths['/workflow/{workflow_id}/archive'] = {
      post: { operationId: 'workflow.archive', summary: 'Archive a workflow', description: 'Hides a workflow.', responses: {} },
    };
    copy.paths['/workflow'].get.summary = 'List every workflow';
    return copy;
  };

  it('names each missing and outdated translation, with the action to paste and the new fingerprint', () => {
    const problems = translationProblems(changed(), overlay);
    expect(problems.missing.map((m) => m.target)).toEqual(["$.paths['/workflow/{workflow_id}/archive'].post"]);
    expect(problems.stale.map((s) => s.target)).toEqual(["$.paths['/workflow'].get"]);
    const report = formatTranslationProblems(problems);
    const hash = sourceHash(changed().paths['/workflow/{workflow_id}/archive'].post, ['summary', 'description']);
    expect(report).toContain(`  - target: $.paths['/workflow/{workflow_id}/archive'].post\n    x-source-hash: '${hash}'\n    update:\n      summary: 待翻译\n      # Archive a workflow`);
    expect(report).toContain(`$.paths['/workflow'].get (new x-source-hash: '${sourceHash(changed().paths['/workflow'].get, ['summary', 'description'])}')`);
  });

  it('fails in CI and warns in red locally', () => {
    expect(() => checkTranslations({ spec: changed(), overlay, ci: true })).toThrow(/1 missing translation\(s\)[\s\S]*1 outdated translation\(s\)/);
    const warnings: string[] = [];
    checkTranslations({ spec: changed(), overlay, ci: false, warn: (text) => warnings.push(text) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\u001b\[31m[\s\S]*archive[\s\S]*\u001b\[39m\n$/);
    checkTranslations({ spec, overlay, ci: true, warn: (text) => warnings.push(text) });
    expect(warnings).toHaveLength(1);
  });
});
