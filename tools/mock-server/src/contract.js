import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundle, createConfig } from '@redocly/openapi-core';
import { allowExtensionKeywords } from './validation.js';

/**
 * The spec the server serves unless told otherwise: the package's own copy of the repository's contract
 * (`pnpm build` writes it), so that the server also works installed from the registry.
 */
export const DEFAULT_SPEC = fileURLToPath(new URL('../spec/coze.v1.yaml', import.meta.url));
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * @typedef {object} Operation
 * @property {string} id          the spec's operationId, e.g. `workflow.get`
 * @property {string} method      upper case, e.g. `GET`
 * @property {string} template    the spec's path, e.g. `/workflow/{workflow_id}`
 * @property {RegExp} pattern     matches a concrete path relative to the base path
 * @property {string[]} pathParamNames
 * @property {any[]} parameters   path-level and operation-level parameters, dereferenced
 * @property {any[]} security     the operation's security requirements (or the document's)
 * @property {any} requestBody
 * @property {Record<string, any>} responses
 *
 * @typedef {object} Contract
 * @property {any} spec           the dereferenced OpenAPI document
 * @property {string} basePath    the path of the first server URL, e.g. `/v1`
 * @property {Operation[]} operations
 * @property {(method: string, pathname: string) => Route} route
 *
 * @typedef {{ kind: 'operation', operation: Operation, pathParams: Record<string, string> }
 *   | { kind: 'not-found' }
 *   | { kind: 'method-not-allowed', allow: string[] }} Route
 */

/** @type {Map<string, Promise<Contract>>} */
const loading = new Map();

/**
 * Loads a spec once per process: every server and test shares the dereferenced document and its routes.
 *
 * @param {string} [specPath] an OpenAPI file; the repository's contract by default
 * @returns {Promise<Contract>}
 */
export function loadContract(specPath = DEFAULT_SPEC) {
  let contract = loading.get(specPath);
  if (!contract) {
    contract = buildContract(specPath);
    loading.set(specPath, contract);
  }
  return contract;
}

/**
 * @param {string} specPath
 * @returns {Promise<Contract>}
 */
async function buildContract(specPath) {
  if (specPath === DEFAULT_SPEC && !existsSync(specPath)) {
    throw new Error(
      `@coze/mock-server has no copy of the spec at ${specPath}: run \`pnpm build\` in the repository ` +
        '(it copies spec/coze.v1.yaml there).',
    );
  }
  // An empty config, so the bundle does not depend on the redocly.yaml of whatever directory we run from.
  const config = await createConfig({});
  const result = await bundle({ ref: specPath, config, dereference: true });
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`Cannot load ${specPath}: ${errors.map((e) => e.message).join('; ')}`);
  }
  const spec = /** @type {any} */ (result.bundle.parsed);
  allowExtensionKeywords(spec);
  const basePath = new URL(spec.servers[0].url).pathname.replace(/\/$/, '');

  /** @type {Operation[]} */
  const operations = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const { pattern, names } = compileTemplate(template);
      operations.push({
        id: op.operationId,
        method: method.toUpperCase(),
        template,
        pattern,
        pathParamNames: names,
        parameters: mergeParameters(item.parameters, op.parameters),
        security: op.security ?? spec.security ?? [],
        requestBody: op.requestBody,
        responses: op.responses,
      });
    }
  }
  // Literal paths win over templated ones (`/workflow/search` before `/workflow/{id}`), as OpenAPI requires.
  operations.sort((a, b) => a.pathParamNames.length - b.pathParamNames.length);

  return { spec, basePath, operations, route: (method, pathname) => route(operations, basePath, method, pathname) };
}

/**
 * @param {Operation[]} operations
 * @param {string} basePath
 * @param {string} method
 * @param {string} pathname
 * @returns {Route}
 */
function route(operations, basePath, method, pathname) {
  if (!pathname.startsWith(`${basePath}/`)) return { kind: 'not-found' };
  const relative = pathname.slice(basePath.length);
  /** @type {string[]} */
  const allow = [];
  for (const operation of operations) {
    const match = operation.pattern.exec(relative);
    if (!match) continue;
    if (operation.method !== method) {
      allow.push(operation.method);
      continue;
    }
    /** @type {Record<string, string>} */
    const pathParams = {};
    operation.pathParamNames.forEach((name, i) => {
      pathParams[name] = safeDecode(match[i + 1] ?? '');
    });
    return { kind: 'operation', operation, pathParams };
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}

/** @param {string} template */
function compileTemplate(template) {
  /** @type {string[]} */
  const names = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(/** @type {string} */ (param[1]));
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

/**
 * Operation parameters override path-level ones with the same name and location.
 *
 * @param {any[] | undefined} pathLevel
 * @param {any[] | undefined} operationLevel
 */
function mergeParameters(pathLevel = [], operationLevel = []) {
  const byKey = new Map();
  for (const parameter of [...pathLevel, ...operationLevel]) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  return [...byKey.values()];
}

/** @param {string} value */
function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    // A malformed escape is left as sent; the parameter's schema then rejects it with a 400.
    return value;
  }
}
