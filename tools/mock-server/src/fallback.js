import { HttpError } from './respond.js';

// The headers sendJson writes on every response itself (from the request and the rate limiter).
const COMMON_HEADERS = new Set(['x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'content-type']);

/** @param {any} node an Example object's holder: a media type, a header or a schema */
function firstExample(node) {
  if (!node) return undefined;
  if (node.examples && !Array.isArray(node.examples)) {
    const [first] = Object.values(node.examples);
    if (first && typeof first === 'object' && 'value' in first) return { value: /** @type {any} */ (first).value };
  }
  if ('example' in node) return { value: node.example };
  if (Array.isArray(node.examples) && node.examples.length > 0) return { value: node.examples[0] };
  return undefined;
}

/**
 * How the server answers an operation it has no handler for: straight from the spec. The request has been
 * validated by then; the answer is the operation's first success status (lowest 2xx), the first example of its
 * JSON body, and every header that response declares (beyond those every response carries) with its example.
 * Operations that need behaviour — state, streams — have handlers instead (server.js, HANDLERS).
 *
 * @param {import('./contract.js').Operation} operation
 * @returns {{ status: number, body: unknown, headers: Record<string, string> }}
 */
export function answerFromSpec(operation) {
  const success = Object.keys(operation.responses)
    .filter((status) => /^2\d\d$/.test(status))
    .sort()[0];
  if (!success) throw new HttpError(501, `The spec declares no success response for ${operation.id}, so the mock server cannot answer it`);
  const response = operation.responses[success];
  const where = `the ${success} response of ${operation.id}`;

  const headers = /** @type {Record<string, string>} */ ({});
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (COMMON_HEADERS.has(name.toLowerCase())) continue;
    const example = firstExample(header) ?? firstExample(header.schema) ?? ('default' in (header.schema ?? {}) ? { value: header.schema.default } : undefined);
    if (example) headers[name.toLowerCase()] = String(example.value);
    else if (header.required) throw new HttpError(501, `The spec gives no example of the header ${name} of ${where}: add one, and the mock server answers with it`);
  }

  const content = response.content ?? {};
  if (Object.keys(content).length === 0) return { status: Number(success), body: undefined, headers };
  const json = Object.keys(content).find((type) => /^application\/(.+\+)?json$/.test(type));
  if (!json) {
    throw new HttpError(501, `${where} is not JSON (${Object.keys(content).join(', ')}): give ${operation.id} a handler in the mock server`);
  }
  const example = firstExample(content[json]) ?? firstExample(content[json].schema);
  if (!example) throw new HttpError(501, `The spec gives no example of ${where}: add one, and the mock server answers with it`);
  return { status: Number(success), body: structuredClone(example.value), headers };
}
