import { gzipSync } from 'node:zlib';

/** Bytes of `text` after gzip -9, as a server that compresses would send it. @param {string} text */
export const gzipBytes = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

/** @param {string} text */
const weigh = (text) => ({ raw: Buffer.byteLength(text), gzip: gzipBytes(text) });

/** @param {string} html @param {RegExp} element the element, its content as the first group */
const content = (html, element) => element.exec(html)?.[1] ?? '';

/**
 * What a browser downloads for the built page (dist/index.html): the page, and the parts inline in it (the
 * script, the styles, both editions' spec data), raw and gzip -9 in bytes; and the requests it makes while
 * loading — the page itself plus every `src`/`href` that is not a `data:` URL (`external` lists those).
 * The size test and `pnpm bench` both measure with this.
 *
 * @example
 * const weight = pageWeight(await readFile(PAGE, 'utf8'));
 * weight.page.gzip; // bytes on the wire, compressed
 * weight.requests; // 1: everything is inline
 *
 * @param {string} html
 */
export function pageWeight(html) {
  const external = [...html.matchAll(/\s(?:src|href)="(?!data:)([^"]*)"/g)].map((match) => match[1]);
  return {
    page: weigh(html),
    script: weigh(content(html, /<script type="module">(.*?)<\/script>/s)),
    styles: weigh(content(html, /<style>(.*?)<\/style>/s)),
    data: weigh(content(html, /<script type="application\/json" id="coze-console-data">(.*?)<\/script>/s)),
    requests: 1 + external.length,
    external,
  };
}
