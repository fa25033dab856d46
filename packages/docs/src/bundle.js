// For other packages that show the spec (the debug console): one edition of it as the docs read it, with the
// edition's overlays (its translations) applied, and without the docs' own decorators (code samples, links).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import cozeDocs from '../plugins/coze-docs.js';
import { edition } from './editions.js';
import { redocly } from './redocly.js';

const config = fileURLToPath(new URL('../redocly.yaml', import.meta.url));

/**
 * Writes the spec of one edition, bundled into one JSON document, to `output`. The edition's root and overlays
 * are read from redocly.yaml, so the result is what the docs translate, whatever that file says.
 *
 * @example
 * import { bundleEdition } from '@coze/docs/bundle';
 * await bundleEdition('zh', '/abs/path/zh.json'); // the spec with i18n/zh.overlay.yaml applied
 *
 * @param {string} id an edition of ./editions.js (`en`, `zh`)
 * @param {string} output an absolute path ending in .json
 */
export async function bundleEdition(id, output) {
  const api = parse(await readFile(config, 'utf8')).apis[edition(id).id];
  // Named by file, not by alias, which would write to the docs' own output; Redocly still applies the
  // decorators of an api with the same root, so they are skipped by name.
  const overlays = (api.overlays ?? []).map((file) => `--overlay=${file}`);
  const decorators = Object.keys(cozeDocs().decorators.oas3).map((name) => `--skip-decorator=coze-docs/${name}`);
  await redocly(['bundle', api.root, ...overlays, ...decorators, `--output=${output}`]);
}
