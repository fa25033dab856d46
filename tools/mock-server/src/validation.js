import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with its function on `default` as well; that is the one its types describe.
const addFormats = formats.default;

/**
 * @typedef {import('./contract.js').Operation} Operation
 * @typedef {import('./contract.js').Contract} Contract
 * @typedef {import('ajv').ErrorObject} ErrorObject
 * @typedef {import('ajv').ValidateFunction} ValidateFunction
 *
 * @typedef {{ ok: true, path: Record<string, unknown>, query: Record<string, unknown>,
 *   header: Record<string, unknown>, body: any } | { ok: false, details: string }} RequestCheck
 */

/** @param {import('ajv').Options} options */
function createAjv(options) {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12, the dialect Ajv2020 implements.
  const ajv = new Ajv2020({ strictTypes: false, ...options });
  addFormats(ajv);
  // OpenAPI's own schema keywords are annotations here. Ajv's discriminator support rejects `mapping`, and the
  // spec's oneOf over `const` event names already decides which branch applies.
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  return ajv;
}

// Parameters arrive as strings, so they are coerced to their schema's type; bodies are JSON and are not.
// Both fill in the spec's defaults (a chat's `model`, a list's `limit`), so handlers never restate them.
const paramAjv = createAjv({ coerceTypes: true, useDefaults: true });
const bodyAjv = createAjv({ useDefaults: true });
const responseAjv = createAjv({ allErrors: true });
const headerAjv = createAjv({ allErrors: true, coerceTypes: true });

/** @type {Set<string>} */
const knownExtensions = new Set();

/**
 * Makes the spec's extensions (`x-provenance`, …) known keywords: OpenAPI allows them inside schemas, and Ajv's
 * strict mode, which catches a misspelt keyword, would refuse them. Only names starting with `x-` are added.
 *
 * @param {unknown} spec
 */
export function allowExtensionKeywords(spec) {
  /** @param {unknown} node */
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith('x-') && !knownExtensions.has(key)) {
        knownExtensions.add(key);
        for (const ajv of [paramAjv, bodyAjv, responseAjv, headerAjv]) ajv.addKeyword(key);
      }
      visit(child);
    }
  };
  visit(spec);
}

/** @type {WeakMap<Operation, ReturnType<typeof compileRequest>>} */
const requestValidators = new WeakMap();

/** @param {Operation} operation */
function compileRequest(operation) {
  /** @param {'path' | 'query' | 'header'} location */
  const compileLocation = (location) => {
    const parameters = operation.parameters.filter((p) => p.in === location);
    // Node lower-cases header names; the spec's spelling is kept for error messages.
    const key = (/** @type {any} */ p) => (location === 'header' ? p.name.toLowerCase() : p.name);
    const schema = {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [key(p), p.schema ?? {}])),
      required: parameters.filter((p) => p.required).map(key),
    };
    return {
      names: parameters.map(key),
      /** Parameters that take one value: given twice (`?limit=5&limit=6`), the request is ambiguous. */
      single: new Set(parameters.filter((p) => p.schema?.type !== 'array').map(key)),
      spelled: new Map(parameters.map((p) => [key(p), p.name])),
      validate: paramAjv.compile(schema),
    };
  };
  const media = operation.requestBody?.content?.['application/json'];
  return {
    path: compileLocation('path'),
    query: compileLocation('query'),
    header: compileLocation('header'),
    body: media ? bodyAjv.compile(media.schema ?? {}) : undefined,
    bodyRequired: Boolean(operation.requestBody?.required),
  };
}

/**
 * Checks a request against its operation's parameters and JSON body schema, filling in defaults.
 *
 * @param {Operation} operation
 * @param {{ pathParams: Record<string, string>, searchParams: URLSearchParams,
 *   headers: import('node:http').IncomingHttpHeaders, body: unknown }} request
 *   `body` is the parsed JSON, or undefined when the request had none
 * @returns {RequestCheck}
 */
export function validateRequest(operation, request) {
  let compiled = requestValidators.get(operation);
  if (!compiled) {
    compiled = compileRequest(operation);
    requestValidators.set(operation, compiled);
  }

  /** @type {Record<'path' | 'query' | 'header', Record<string, unknown>>} */
  const values = { path: {}, query: {}, header: {} };
  for (const name of compiled.path.names) {
    if (name in request.pathParams) values.path[name] = request.pathParams[name];
  }
  for (const name of compiled.query.names) {
    const given = request.searchParams.getAll(name);
    if (given.length > 1 && compiled.query.single.has(name)) {
      return { ok: false, details: `Parameter '${compiled.query.spelled.get(name)}' must be given once, not ${given.length} times` };
    }
    if (given.length > 0) values.query[name] = given[0];
  }
  for (const name of compiled.header.names) {
    const value = request.headers[name];
    if (value !== undefined) values.header[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  for (const location of /** @type {const} */ (['path', 'query', 'header'])) {
    const { validate, spelled } = compiled[location];
    if (!validate(values[location])) {
      const noun = location === 'header' ? 'Header' : 'Parameter';
      return { ok: false, details: describe(firstError(validate), noun, (name) => spelled.get(name) ?? name) };
    }
  }

  const body = request.body;
  if (compiled.body) {
    if (body === undefined) {
      if (compiled.bodyRequired) return { ok: false, details: 'The request body is required' };
    } else if (!compiled.body(body)) {
      return { ok: false, details: describe(firstError(compiled.body), 'Parameter', (name) => name) };
    }
  }
  return { ok: true, path: values.path, query: values.query, header: values.header, body };
}

/** @param {ValidateFunction} validate */
function firstError(validate) {
  return /** @type {ErrorObject} */ (validate.errors?.[0]);
}

/**
 * Turns Ajv's first error into the spec's `details`: the field, then the rule, in Ajv's own words
 * (`Parameter 'temperature' must be <= 1`).
 *
 * @param {ErrorObject} error
 * @param {string} noun
 * @param {(name: string) => string} spell
 */
function describe(error, noun, spell) {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let rule = error.message ?? 'is invalid';
  if (error.keyword === 'required') {
    segments.push(error.params.missingProperty);
    rule = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    segments.push(error.params.additionalProperty);
    rule = 'is not allowed';
  } else if (error.keyword === 'enum') {
    rule = `must be one of: ${error.params.allowedValues.join(', ')}`;
  }
  if (segments.length === 0) return `The request body ${rule}`;
  const [head, ...rest] = segments;
  const field = spell(/** @type {string} */ (head)) + rest.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('');
  return `${noun} '${field}' ${rule}`;
}

/** @type {WeakMap<object, ValidateFunction>} */
const bodyValidators = new WeakMap();
/** @type {WeakMap<object, ValidateFunction>} */
const headerValidators = new WeakMap();

/**
 * Compiles once per schema object of the dereferenced spec.
 *
 * @param {WeakMap<object, ValidateFunction>} cache
 * @param {object} key
 * @param {() => ValidateFunction} compile
 */
function cached(cache, key, compile) {
  let validate = cache.get(key);
  if (!validate) {
    validate = compile();
    cache.set(key, validate);
  }
  return validate;
}

/**
 * Checks a response the server sent against the spec: the declared headers (each one present and valid; the
 * spec's prose says every response carries them) and the body for its media type. A status the operation does
 * not declare (an injected 503, an unknown path's 404) is checked against the shared `Error` response: the
 * `InternalServerError` component's headers and the `Error` schema.
 *
 * @param {Contract} contract
 * @param {{ method: string, pathname: string, status: number, headers: Headers, body: unknown }} response
 *   `body` is the parsed JSON, or for `text/event-stream` the events as `{ event, data }` with `data` parsed
 * @returns {string[]} the problems found; empty when the response conforms
 */
export function validateResponse(contract, response) {
  const { components } = contract.spec;
  const route = contract.route(response.method, response.pathname);
  const declared = route.kind === 'operation' ? route.operation.responses[String(response.status)] : undefined;
  const spec = declared ?? {
    headers: components.responses.InternalServerError.headers,
    content: { 'application/json': { schema: components.schemas.Error } },
  };

  /** @type {string[]} */
  const problems = [];
  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    if (name.toLowerCase() === 'content-type') continue;
    const value = response.headers.get(name);
    if (value === null) {
      problems.push(`header ${name} is missing`);
      continue;
    }
    // Header values are text: the coercing instance reads `0.1` as the number the schema asks for.
    const validate = cached(headerValidators, header, () =>
      headerAjv.compile({ type: 'object', properties: { value: header.schema ?? {} } }),
    );
    if (!validate({ value })) problems.push(`header ${name}: ${responseAjv.errorsText(validate.errors)} (got '${value}')`);
  }

  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const media = spec.content?.[contentType];
  if (!media) {
    problems.push(`content type '${contentType}' is not declared for ${response.status}`);
    return problems;
  }
  const schema = media.schema ?? {};
  const validate = cached(bodyValidators, schema, () => responseAjv.compile(schema));
  const items = contentType === 'text/event-stream' ? /** @type {unknown[]} */ (response.body) : [response.body];
  items.forEach((item, i) => {
    if (!validate(item)) {
      const where = contentType === 'text/event-stream' ? `event ${i}` : 'body';
      problems.push(`${where}: ${responseAjv.errorsText(validate.errors)}`);
    }
  });
  return problems;
}
