// The anchors of the guide sections (the `##` headings of info.description). Redoc makes a section's anchor from
// its heading's text, so the 简体中文 edition's differed from the English one's (`section/认证授权` for
// `section/authentication`): a link from one edition opened in the other found nothing. Every edition now gives
// its Nth heading the English Nth heading's anchor, as a Markdoc id attribute, which Redoc uses as it is.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const SPEC = fileURLToPath(new URL('../../../spec/coze.v1.yaml', import.meta.url));
const HEADING = /^## +(.+?)\s*$/gm;

/** `What the official client does for you` → `section/what-the-official-client-does-for-you`, as Redoc makes it. */
export function sectionAnchor(heading) {
  return `section/${heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** The anchors of the English edition's sections, in order, from the spec's own info.description. */
export function englishAnchors(spec = parse(readFileSync(SPEC, 'utf8'))) {
  return [...(spec.info.description ?? '').matchAll(HEADING)].map((match) => sectionAnchor(match[1]));
}

/**
 * `description` with each `##` heading given the anchor of the English heading at the same place. Throws when the
 * number of headings differs: a translation must keep the sections the English has.
 *
 * @param {string} description one edition's info.description
 * @param {string[]} [anchors] the English anchors (read from the spec by default)
 */
export function anchorSections(description, anchors = englishAnchors()) {
  const found = [...description.matchAll(HEADING)].length;
  if (found !== anchors.length) {
    throw new Error(`info.description has ${found} sections (## headings) where the English has ${anchors.length}: keep them in step`);
  }
  let index = 0;
  return description.replace(HEADING, (_, text) => `## ${text.replace(/\s*\{%.*%\}$/, '')} {% id="${anchors[index++]}" %}`);
}
