// Requests made from the spec's own examples, for tests that must cover every operation without listing them
// (`@coze/mock-server/testing`): a new operation in the spec is covered the moment it is added.
import { loadContract } from './contract.js';
import { LEVELS, requiredLevel } from './auth.js';

/**
 * @typedef {import('./contract.js').Operation} Operation
 * @typedef {import('./contract.js').Contract} Contract
 * @typedef {{ method: string, path: string, pathParams: Record<string, string>, query: Record<string, string>,
 *   headers: Record<string, string>, body: unknown }} ExampleRequest
 *   `path` is relative to the base URL, with the query; `headers` use the spec's spelling
 */

/** @param {any} node a parameter, media type or schema */
export function exampleOf(node) {
  if (!node) return undefined;
  if (node.examples && !Array.isArray(node.examples)) {
    const [first] = Object.values(node.examples);
    if (first && typeof first === 'object' && 'value' in first) return /** @type {any} */ (first).value;
  }
  if ('example' in node) return node.example;
  if (Array.isArray(node.examples)) return node.examples[0];
  return undefined;
}

/** @param {any} parameter */
const parameterExample = (parameter) => exampleOf(parameter) ?? exampleOf(parameter.schema) ?? parameter.schema?.default;

/**
 * The operation that creates what a path parameter names: `POST` on the path before the parameter
 * (`POST /workflow` for `{workflow_id}` in `/workflow/{workflow_id}/run`), if the spec has one.
 *
 * @param {Contract} contract @param {Operation} operation @param {string} name
 */
export function creatorOf(contract, operation, name) {
  const collection = operation.template.slice(0, operation.template.indexOf(`/{${name}}`));
  return contract.operations.find((candidate) => candidate.method === 'POST' && candidate.template === collection);
}

/**
 * A valid request for an operation from the spec's examples: its required parameters, the first example of its
 * JSON body, and for each path parameter the id of a resource created through the operation that creates it (so
 * stateful operations find it), else the parameter's example.
 *
 * @param {{ url: string, tokens: Record<string, string> }} server where to create resources (with the admin token)
 * @param {Operation} operation
 * @param {{ contract?: Contract, fetch?: typeof fetch }} [options]
 * @returns {Promise<ExampleRequest>}
 */
export async function exampleRequest(server, operation, { contract, fetch = globalThis.fetch } = {}) {
  const spec = contract ?? (await loadContract());
  /** @type {Record<string, string>} */
  const pathParams = {};
  for (const name of operation.pathParamNames) {
    const creator = creatorOf(spec, operation, name);
    if (creator) {
      const made = await exampleRequest(server, creator, { contract: spec, fetch });
      const response = await fetch(server.url + made.path, {
        method: made.method,
        headers: { authorization: `Bearer ${server.tokens.admin}`, 'content-type': 'application/json', ...made.headers },
        body: made.body === undefined ? undefined : JSON.stringify(made.body),
      });
      const created = /** @type {any} */ (await response.json());
      if (!response.ok || typeof created?.id !== 'string') {
        throw new Error(`Creating ${name} with ${creator.id} answered ${response.status}: ${JSON.stringify(created)}`);
      }
      pathParams[name] = created.id;
    } else {
      pathParams[name] = String(parameterExample(operation.parameters.find((p) => p.in === 'path' && p.name === name)));
    }
  }
  /** @type {Record<string, string>} */
  const query = {};
  /** @type {Record<string, string>} */
  const headers = {};
  for (const parameter of operation.parameters) {
    if (!parameter.required || parameter.in === 'path') continue;
    if (parameter.in === 'query') query[parameter.name] = String(parameterExample(parameter));
    if (parameter.in === 'header') headers[parameter.name] = String(parameterExample(parameter));
  }
  const media = operation.requestBody?.content?.['application/json'];
  const body = media ? (exampleOf(media) ?? (operation.requestBody.required ? {} : undefined)) : undefined;
  return { method: operation.method, path: pathOf(operation, pathParams, query), pathParams, query, headers, body };
}

/**
 * @param {Operation} operation @param {Record<string, string>} pathParams @param {Record<string, string>} query
 */
export function pathOf(operation, pathParams, query = {}) {
  const path = operation.template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(pathParams[name] ?? ''));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A request the spec refuses, breaking one declared rule: a JSON body of the wrong type, else a path parameter
 * against its pattern, else a query parameter beyond its bounds. `undefined` when the operation declares nothing
 * a request can break.
 *
 * @param {ExampleRequest} valid
 * @param {Operation} operation
 * @returns {ExampleRequest | undefined}
 */
export function invalidRequest(valid, operation) {
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  if (bodySchema?.type === 'object') return { ...valid, body: 42 };
  const path = operation.parameters.find((p) => p.in === 'path' && p.schema?.pattern);
  if (path) {
    const pathParams = { ...valid.pathParams, [path.name]: '!' };
    return { ...valid, pathParams, path: pathOf(operation, pathParams, valid.query) };
  }
  const bounded = operation.parameters.find((p) => p.in === 'query' && typeof p.schema?.maximum === 'number');
  if (bounded) {
    const query = { ...valid.query, [bounded.name]: String(bounded.schema.maximum + 1) };
    return { ...valid, query, path: pathOf(operation, valid.pathParams, query) };
  }
  return undefined;
}

/**
 * The level just below the one an operation needs, whose token gets 403; `undefined` for the lowest level.
 *
 * @param {Operation} operation
 */
export function levelBelow(operation) {
  const needed = requiredLevel(operation.security);
  const index = needed ? LEVELS.indexOf(needed) : -1;
  return index > 0 ? LEVELS[index - 1] : undefined;
}

/** The operation's first success status (the lowest 2xx). @param {Operation} operation */
export function successStatus(operation) {
  return Number(Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status)).sort()[0]);
}

export { loadContract } from './contract.js';
export { validateResponse } from './validation.js';
