// Turns one bundled edition of the spec into what the console page needs: the operations grouped by tag, each
// with its fields (schemas with every $ref resolved), its prefill, its permission level; the servers; and the
// handling advice of the spec's error table. Nothing here knows a Coze path: a new operation appears by itself.

import { describeOperation } from '@coze/docs/code-samples';
import { deref, firstExample, operations } from '@coze/docs/openapi';

/** @typedef {import('../src/model.ts').ConsoleModel} ConsoleModel */
/** @typedef {import('../src/model.ts').Operation} Operation */

/**
 * A schema with every internal `$ref` replaced by what it points to (keywords beside a `$ref` win, as in 3.1).
 * A reference back into itself stays a `$ref`: the page edits such a value as raw JSON.
 *
 * @param {any} doc @param {any} schema @param {string[]} [trail]
 * @returns {any}
 */
export function resolveSchema(doc, schema, trail = []) {
  if (Array.isArray(schema)) return schema.map((item) => resolveSchema(doc, item, trail));
  if (!schema || typeof schema !== 'object') return schema;
  let node = schema;
  let next = trail;
  if (typeof schema.$ref === 'string') {
    if (trail.includes(schema.$ref)) return { $ref: schema.$ref };
    const { $ref, ...beside } = schema;
    node = { ...deref(doc, { $ref }), ...beside };
    next = [...trail, $ref];
  }
  /** @type {Record<string, any>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // Examples and defaults are values, not schemas.
    out[key] = ['example', 'examples', 'default', 'const', 'enum'].includes(key) ? value : resolveSchema(doc, value, next);
  }
  return out;
}

/**
 * The permission level an operation names: the role list of its security requirement (the document's when it
 * has none of its own). `undefined` when it names none.
 *
 * @param {any} doc @param {any} operation
 */
export function permissionLevel(doc, operation) {
  const requirements = operation.security ?? doc.security ?? [];
  const roles = requirements.flatMap((/** @type {any} */ r) => Object.values(r ?? {}).flat());
  return roles.length ? String(roles[0]) : undefined;
}

/**
 * The rows of the error table in `info.description` (`| 400 | meaning | what to do |`), by status.
 *
 * @param {string} description
 * @returns {Record<string, { meaning: string, advice: string }>}
 */
export function errorAdvice(description) {
  /** @type {Record<string, { meaning: string, advice: string }>} */
  const rows = {};
  for (const line of description.split('\n')) {
    const cells = /^\s*\|\s*([1-5]\d\d)\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    if (cells) rows[cells[1]] = { meaning: cells[2].trim(), advice: cells[3].trim() };
  }
  return rows;
}

/**
 * @param {any} doc a bundled edition of the spec
 * @returns {ConsoleModel}
 */
export function consoleModel(doc) {
  /** @type {Operation[]} */
  const ops = operations(doc).map((op) => {
    const { operation, parameters, method, path } = op;
    const d = describeOperation(doc, op);
    const requestBody = deref(doc, operation.requestBody);
    const json = requestBody?.content?.['application/json'];
    const examples = Object.entries(json?.examples ?? {}).map(([name, example]) => {
      const resolved = deref(doc, example);
      return { name, summary: resolved.summary ?? name, value: resolved.value };
    });
    if (examples.length === 0 && json?.example !== undefined) examples.push({ name: 'example', summary: 'example', value: json.example });
    return {
      id: operation.operationId,
      resource: d.resource,
      verb: d.verb,
      method: method.toUpperCase(),
      path,
      tag: operation.tags?.[0] ?? '',
      summary: operation.summary ?? operation.operationId,
      description: operation.description ?? '',
      level: permissionLevel(doc, operation),
      params: parameters.map((p) => ({
        name: p.name,
        in: p.in,
        required: Boolean(p.required),
        description: p.description ?? '',
        schema: resolveSchema(doc, p.schema ?? {}),
        example: firstExample(doc, p),
      })),
      body: json
        ? { required: Boolean(requestBody.required), schema: resolveSchema(doc, json.schema ?? {}), examples }
        : undefined,
      prefill: { ...d.pathParams, ...d.queryParams },
      streams: d.streams,
      paginated: d.paginated,
    };
  });
  const tags = (doc.tags ?? []).map((/** @type {any} */ t) => t.name);
  for (const op of ops) if (!tags.includes(op.tag)) tags.push(op.tag);
  const errors = errorAdvice(doc.info?.description ?? '');
  return {
    title: doc.info.title,
    version: doc.info.version,
    servers: (doc.servers ?? []).map((/** @type {any} */ s) => ({ url: s.url, description: s.description ?? '' })),
    groups: tags
      .map((/** @type {string} */ name) => {
        const tag = doc.tags?.find((/** @type {any} */ t) => t.name === name);
        return {
          name,
          // What the docs title the tag: the translations put it in x-displayName, and keep the name as the key.
          displayName: tag?.['x-displayName'] ?? name,
          description: tag?.description ?? '',
          operations: ops.filter((op) => op.tag === name).map((op) => op.id),
        };
      })
      .filter((g) => g.operations.length > 0),
    operations: ops,
    errors,
  };
}
