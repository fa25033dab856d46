import { readFile } from 'node:fs/promises';

/** The built page; `pnpm build` (turbo) writes it. */
export const PAGE = new URL('../dist/index.html', import.meta.url);

const CONFIG_ELEMENT = '<script type="application/json" id="coze-console-config">{}</script>';

/**
 * The console page with its config filled in: the embedded server's URL and demo tokens, which the page offers
 * by default. Without a config the page is what a static host serves.
 *
 * @param {import('../src/model.ts').ConsoleConfig} config
 */
export async function consolePage(config) {
  let html;
  try {
    html = await readFile(PAGE, 'utf8');
  } catch {
    throw new Error(`${PAGE.pathname} is missing: build it first (pnpm build)`);
  }
  if (!html.includes(CONFIG_ELEMENT)) throw new Error(`${PAGE.pathname} has no config element: rebuild it`);
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return html.replace(CONFIG_ELEMENT, () => CONFIG_ELEMENT.replace('{}', json));
}
