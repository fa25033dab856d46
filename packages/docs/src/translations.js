// Which prose of the spec the Chinese overlay does not translate, or translates from an older English. The docs
// build reports it (and fails in CI), and test/overlay.test.ts asserts there is none, from this one module.

import { query } from 'jsonpath-rfc9535';
import { describedElements, jsonPath, sourceHash } from './described.js';

const CJK = /[\u3400-\u9fff]/;

/**
 * Compares the spec's prose with the overlay's actions.
 *
 * - `missing`: objects with a `summary` or `description` that no action translates into Chinese, each with the
 *   target to add, the fingerprint of its English and the English to translate;
 * - `stale`: actions whose English changed since translation (their `x-source-hash` no longer matches), with the
 *   new fingerprint;
 * - `unmatched`: actions whose target does not select exactly one object of the spec.
 *
 * @param {any} spec the spec as written, parsed
 * @param {any} overlay the overlay document, parsed
 */
export function translationProblems(spec, overlay) {
  const actions = overlay?.actions ?? [];
  /** @type {Map<object, Set<string>>} keys translated into Chinese, by object of the spec */
  const translated = new Map();
  const stale = [];
  const unmatched = [];
  for (const action of actions) {
    const selected = query(spec, action.target);
    if (selected.length !== 1) {
      unmatched.push({ target: action.target, count: selected.length });
      continue;
    }
    const [node] = selected;
    const update = action.update ?? {};
    const keys = translated.get(node) ?? new Set();
    for (const [key, text] of Object.entries(update)) if (typeof text === 'string' && CJK.test(text)) keys.add(key);
    translated.set(node, keys);
    const hash = sourceHash(node, Object.keys(update));
    if (action['x-source-hash'] !== hash) stale.push({ target: action.target, hash, english: englishOf(node) });
  }

  /** @type {Map<object, { target: string, keys: string[], node: any }>} */
  const missingByNode = new Map();
  for (const { path, key } of describedElements(spec)) {
    const node = path.reduce((at, part) => at?.[part], spec);
    if (translated.get(node)?.has(key)) continue;
    const entry = missingByNode.get(node) ?? { target: jsonPath(spec, path), keys: [], node };
    entry.keys.push(key);
    missingByNode.set(node, entry);
  }
  const missing = [...missingByNode.values()].map(({ target, keys, node }) => ({
    target,
    keys,
    // The fingerprint of the action to add: an action translating only some keys of an object hashes those.
    hash: sourceHash(node, keys),
    english: englishOf(node, keys),
  }));
  return { missing, stale, unmatched };
}

/** @param {any} node @param {string[]} [keys] */
function englishOf(node, keys = ['summary', 'description']) {
  return Object.fromEntries(keys.flatMap((key) => (typeof node?.[key] === 'string' ? [[key, node[key].trim()]] : [])));
}

/**
 * The problems as a report a translator can act on: each missing translation as an action to paste into
 * i18n/zh.overlay.yaml (the English in comments), each stale one with its new `x-source-hash`.
 *
 * @param {ReturnType<typeof translationProblems>} problems
 * @returns {string} empty when there is nothing to do
 */
export function formatTranslationProblems({ missing, stale, unmatched }) {
  const sections = [];
  if (missing.length > 0) {
    const actions = missing.map(({ target, hash, english }) => {
      const lines = Object.entries(english).map(
        ([key, text]) => `      ${key}: 待翻译\n${text.split('\n').map((line) => `      # ${line}`.trimEnd()).join('\n')}`,
      );
      return `  - target: ${target}\n    x-source-hash: '${hash}'\n    update:\n${lines.join('\n')}`;
    });
    sections.push(`${missing.length} missing translation(s); add these actions to i18n/zh.overlay.yaml, in Chinese:\n${actions.join('\n')}`);
  }
  if (stale.length > 0) {
    const entries = stale.map(({ target, hash, english }) => {
      const text = Object.entries(english).map(([key, value]) => `    ${key}: ${value.split('\n').join('\n      ')}`);
      return `  ${target} (new x-source-hash: '${hash}')\n${text.join('\n')}`;
    });
    sections.push(`${stale.length} outdated translation(s); the English changed, so update the Chinese, then its x-source-hash:\n${entries.join('\n')}`);
  }
  if (unmatched.length > 0) {
    const entries = unmatched.map(({ target, count }) => `  ${target} selects ${count} objects`);
    sections.push(`${unmatched.length} target(s) must select exactly one object of the spec:\n${entries.join('\n')}`);
  }
  return sections.join('\n\n');
}

/**
 * The docs build's gate: in CI a missing or outdated translation fails the build; locally it is a warning in red,
 * so that the English edition can be previewed while the Chinese is written.
 *
 * @param {{ spec: any, overlay: any, ci: boolean, warn?: (text: string) => void }} input
 * @returns {ReturnType<typeof translationProblems>}
 */
export function checkTranslations({ spec, overlay, ci, warn = (text) => console.warn(text) }) {
  const problems = translationProblems(spec, overlay);
  const report = formatTranslationProblems(problems);
  if (report === '') return problems;
  const headline = 'The Chinese edition is not up to date with the spec (packages/docs/i18n/zh.overlay.yaml).';
  if (ci) throw new Error(`${headline}\n\n${report}`);
  warn(`\u001b[31m${headline} Until it is, the zh edition shows English there; CI fails.\n\n${report}\u001b[39m\n`);
  return problems;
}
