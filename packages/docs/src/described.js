// Finds the prose of an OpenAPI document: every `description` and `summary` written for a reader, with the
// location of the object that holds it. Example values, defaults, constants and enums are data, not prose,
// and a schema's `properties` map is keyed by property names (a property may be called `description`).

import { createHash } from 'node:crypto';

const DATA_KEYS = new Set(['example', 'default', 'const', 'enum', 'x-codeSamples']);
const PROSE_KEYS = ['summary', 'description'];

/**
 * @param {any} doc
 * @returns {Array<{ path: Array<string | number>, key: 'summary' | 'description', text: string }>}
 *   `path` leads from the root to the object that holds the text.
 */
export function describedElements(doc) {
  const found = [];
  const visit = (node, path, keyedByName) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i], false));
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (!keyedByName) {
      for (const key of PROSE_KEYS) {
        if (typeof node[key] === 'string') found.push({ path, key, text: node[key] });
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (!keyedByName && (DATA_KEYS.has(key) || (key === 'value' && path.at(-2) === 'examples'))) continue;
      // A schema's `examples` is a list of values; an operation's or a parameter's is a map of Example objects.
      if (!keyedByName && key === 'examples' && Array.isArray(child)) continue;
      visit(child, [...path, key], !keyedByName && (key === 'properties' || key === 'patternProperties'));
    }
  };
  visit(doc, [], false);
  return found;
}

const quote = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * A JSONPath (RFC 9535) that selects the object at `path` of `doc`, in the shorthand people write. An item of
 * a list is selected by its `name` (parameters, tags) or `url` (servers) where it has one, not by position.
 */
export function jsonPath(doc, path) {
  let node = doc;
  let out = '$';
  for (const part of path) {
    const item = node?.[part];
    if (typeof part === 'number') {
      const id = ['name', 'url'].find((k) => typeof item?.[k] === 'string');
      out += id ? `[?@.${id}==${quote(item[id])}]` : `[${part}]`;
    } else {
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? `.${part}` : `[${quote(part)}]`;
    }
    node = item;
  }
  return out;
}

/**
 * A short fingerprint of the English prose of an object: the fields `keys` names that it has. The overlay keeps
 * it beside each translation (`x-source-hash`), so that a change to the English shows which Chinese is stale.
 *
 * @param {any} node @param {string[]} keys
 */
export function sourceHash(node, keys) {
  const english = Object.fromEntries(
    [...keys].sort().flatMap((key) => (typeof node?.[key] === 'string' ? [[key, node[key]]] : [])),
  );
  return createHash('sha256').update(JSON.stringify(english)).digest('hex').slice(0, 12);
}
