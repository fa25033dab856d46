// The operations the soak calls, read from the spec: every operationId, how to call it through CozeAPI
// (`a.b` → `coze.a.b(params)`), its parameters from the spec's examples, and whether it can stream.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const SPEC = fileURLToPath(new URL('../../../spec/coze.v1.yaml', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * @typedef {object} SoakOperation
 * @property {string} operationId
 * @property {string} method
 * @property {string} path
 * @property {string[]} pathParams    names of the path parameters (filled with a live resource id)
 * @property {Record<string, unknown>} example  query parameters and body fields from the spec's examples
 * @property {boolean} streams        a response is text/event-stream
 */

/** @returns {SoakOperation[]} */
export function loadOperations(specPath = SPEC) {
  const spec = parse(readFileSync(specPath, 'utf8'));
  const resolve = (/** @type {any} */ node) =>
    node?.$ref ? node.$ref.split('/').slice(1).reduce((/** @type {any} */ at, /** @type {string} */ key) => at[key], spec) : node;
  /** @type {SoakOperation[]} */
  const result = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      /** @type {Record<string, unknown>} */
      const example = {};
      for (const parameter of parameters) {
        if (parameter.in === 'query' && parameter.example !== undefined) example[parameter.name] = parameter.example;
      }
      const media = op.requestBody?.content?.['application/json'];
      const body = media ? (Object.values(media.examples ?? {})[0]?.value ?? media.example) : undefined;
      // The stream flag is the soak's to choose, per call.
      if (body) for (const [name, value] of Object.entries(body)) if (name !== 'stream') example[name] = value;
      // Any cursor in an example belongs to another list; the soak starts at the first page.
      delete example.cursor;
      const streams = Object.values(op.responses ?? {}).some((response) => resolve(response)?.content?.['text/event-stream']);
      result.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        example,
        streams,
      });
    }
  }
  return result;
}
