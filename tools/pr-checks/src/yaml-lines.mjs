// Maps a JSON pointer into a YAML text to a line, for findings about things the YAML no longer holds.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

// Redocly's pointers escape only `~` and `/` (RFC 6901), not URI characters: `#/paths/~1a~1{id}`.
const unescapeSegment = (segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * The position of the deepest node on a JSON pointer's path that exists in a YAML text: the node itself when it
 * exists (`exact: true`), else its nearest existing ancestor. Positions are 1-based; a map entry is located by
 * its key.
 *
 * @example
 *   locatePointer('a:\n  b: 1\n', '#/a/c') // { line: 1, col: 1, exact: false, pointer: '#/a' }
 */
export function locatePointer(text, pointer) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const segments = pointer.replace(/^#?\/?/, '').split('/').filter((s) => s !== '').map(unescapeSegment);
  let node = document.contents;
  let range = node?.range;
  let depth = 0;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === segment);
      if (!pair) break;
      range = pair.key?.range ?? pair.value?.range;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(segment) && node.items[Number(segment)]) {
      node = node.items[Number(segment)];
      range = node.range;
    } else {
      break;
    }
    depth += 1;
  }
  const { line, col } = range ? lineCounter.linePos(range[0]) : { line: 1, col: 1 };
  const found = segments.slice(0, depth).map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'));
  return { line, col, exact: depth === segments.length, pointer: `#/${found.join('/')}` };
}
