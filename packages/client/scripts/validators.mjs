// Turns each operation's input schema (its path, query and header parameters and its JSON body) into
// data for src/schema-check.ts, which checks it as ajv would: a few hundred bytes per operation instead
// of ajv's compiled code. Only the keywords schema-check.ts implements may appear; any other stops the
// generation, naming the keyword and where it is, so the checker and the spec cannot silently disagree.
// test/schema-check.test.ts compiles the same schemas (operationSchemas) with ajv and compares the two.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SLOT = { path: 'path', query: 'query', header: 'headers' };
const SCHEMAS = '#/components/schemas/';
const SHARED = 'urn:coze:spec#/$defs/';

/** The keywords schema-check.ts implements, each with a check of its value. */
const KEYWORDS = {
  type: (value) => ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'].includes(value),
  enum: (value) => Array.isArray(value) && value.length > 0 && value.every((item) => item === null || typeof item !== 'object'),
  maximum: (value) => typeof value === 'number',
  minimum: (value) => typeof value === 'number',
  maxLength: (value) => Number.isInteger(value),
  minLength: (value) => Number.isInteger(value),
  pattern: (value) => typeof value === 'string',
  maxItems: (value) => Number.isInteger(value),
  minItems: (value) => Number.isInteger(value),
  items: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  uniqueItems: (value) => typeof value === 'boolean',
  maxProperties: (value) => Number.isInteger(value),
  minProperties: (value) => Number.isInteger(value),
  required: (value) => Array.isArray(value) && value.every((name) => typeof name === 'string'),
  additionalProperties: (value) => typeof value === 'boolean',
  properties: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
};
/** What ajv ignores, as this checker does: documentation, and formats the spec uses as annotations. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', '$comment']);
const ANNOTATION_FORMATS = new Set(['int32', 'int64']);

/** Rewrites `#/components/schemas/X` to the shared `urn:coze:spec#/$defs/X` and drops what ajv does not read. */
function rewriteRefs(value) {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith(SCHEMAS)) out.$ref = `${SHARED}${item.slice(SCHEMAS.length)}`;
    else if (key !== 'discriminator' && key !== 'example') out[key] = rewriteRefs(item);
  }
  return out;
}

function resolveParameter(spec, parameter) {
  if (!parameter.$ref) return parameter;
  return spec.components.parameters[parameter.$ref.slice('#/components/parameters/'.length)];
}

function operationSchema(spec, pathItem, operation) {
  const properties = {};
  const required = [];
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveParameter(spec, p));
  for (const location of Object.keys(SLOT)) {
    const own = parameters.filter((p) => p.in === location);
    if (own.length === 0) continue;
    const slot = SLOT[location];
    properties[slot] = {
      type: 'object',
      properties: Object.fromEntries(own.map((p) => [p.name, rewriteRefs(p.schema)])),
      required: own.filter((p) => p.required).map((p) => p.name),
    };
    if (own.some((p) => p.required)) required.push(slot);
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) {
    properties.body = rewriteRefs(body);
    if (operation.requestBody.required) required.push('body');
  }
  return { $id: `urn:coze:op:${operation.operationId}`, type: 'object', properties, required };
}

/**
 * Every operation's input schema, as ajv takes it: `{ key: 'POST /chat', name: 'chat_create', schema }`,
 * with `$ref`s into `specDefinitions(spec)`.
 */
export function operationSchemas(spec) {
  const operations = [];
  for (const [path, pathItem] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        name: operation.operationId.replace(/[^A-Za-z0-9]/g, '_'),
        schema: operationSchema(spec, pathItem, operation),
      });
    }
  }
  return operations;
}

/** The spec's component schemas, as the one schema the operation schemas refer to. */
export function specDefinitions(spec) {
  return { $id: 'urn:coze:spec', $defs: rewriteRefs(spec.components.schemas) };
}

/** Fails the generation: the spec needs something schema-check.ts does not do. */
function unsupported(where, what) {
  throw new Error(
    `validators: ${where} uses ${what}, which src/schema-check.ts does not check. Teach it (and its test against ajv) first, ` +
      'or the client would accept input the contract refuses.',
  );
}

/** The keywords ajv checks only for values of one type, by that type. */
const GROUPS = {
  number: ['maximum', 'minimum'],
  string: ['maxLength', 'minLength', 'pattern'],
  array: ['maxItems', 'minItems', 'items', 'uniqueItems'],
  object: ['maxProperties', 'minProperties', 'required', 'additionalProperties', 'properties'],
};

/**
 * schema-check.ts checks `type` before anything else. ajv does so too, except where a schema has
 * `enum` beside its type's own keywords, or keywords of another type: it then reports `enum`, or the
 * other type's keyword, before a wrong type. Such schemas are refused rather than checked in another order.
 */
function checkOrder(schema, where) {
  const group = (type) => GROUPS[type === 'integer' ? 'number' : type] ?? [];
  const { type } = schema;
  if (type === undefined) return;
  const own = group(type).filter((key) => key in schema);
  if (schema.enum !== undefined && own.length > 0) unsupported(where, `\`enum\` beside ${own.map((key) => `\`${key}\``).join(', ')}`);
  const foreign = Object.values(GROUPS).flat().filter((key) => key in schema && !group(type).includes(key));
  if (foreign.length > 0) unsupported(where, `${foreign.map((key) => `\`${key}\``).join(', ')} on a schema of type ${type}`);
}

/** The schema as data for schema-check.ts: a JavaScript literal, with each `$ref` an identifier from `defs`. */
function literal(schema, where, refer) {
  if (typeof schema.$ref === 'string') {
    const rest = Object.keys(schema).filter((key) => key !== '$ref' && !ANNOTATIONS.has(key) && !key.startsWith('x-'));
    if (rest.length > 0) unsupported(where, `\`$ref\` beside ${rest.map((key) => `\`${key}\``).join(', ')}`);
    if (!schema.$ref.startsWith(SHARED)) unsupported(where, `the reference ${schema.$ref}`);
    return refer(schema.$ref.slice(SHARED.length));
  }
  checkOrder(schema, where);
  const parts = [];
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-') || key === '$id') continue;
    if (key === 'format') {
      if (!ANNOTATION_FORMATS.has(value)) unsupported(where, `the format \`${value}\``);
      continue;
    }
    if (!KEYWORDS[key]) unsupported(where, `the keyword \`${key}\``);
    if (!KEYWORDS[key](value)) unsupported(where, `\`${key}: ${JSON.stringify(value)}\``);
    // The defaults: no check to make.
    if ((key === 'additionalProperties' && value === true) || (key === 'uniqueItems' && value === false)) continue;
    if (key === 'required' && value.length === 0) continue;
    if (key === 'uniqueItems' && schema.items?.type !== 'string') unsupported(where, '`uniqueItems` over items that are not of type string');
    if (key === 'properties') {
      const fields = Object.entries(value).map(([name, sub]) => `${JSON.stringify(name)}: ${literal(sub, `${where}.${name}`, refer)}`);
      parts.push(`properties: { ${fields.join(', ')} }`);
    } else if (key === 'items') parts.push(`items: ${literal(value, `${where}[]`, refer)}`);
    else parts.push(`${key}: ${JSON.stringify(value)}`);
  }
  return `{ ${parts.join(', ')} }`;
}

/** Returns the TypeScript source of `validators.gen.ts`. */
export function generateValidators(spec) {
  const definitions = specDefinitions(spec).$defs;
  const declared = new Map();
  const declaring = new Set();
  const declarations = [];
  /** Declares a shared schema (after those it refers to) and returns its identifier. */
  const refer = (name) => {
    if (!definitions[name]) unsupported(`a $ref`, `the missing schema ${name}`);
    if (declared.has(name)) return declared.get(name);
    if (declaring.has(name)) unsupported(`components.schemas.${name}`, 'a reference to itself (a recursive schema)');
    declaring.add(name);
    const text = literal(definitions[name], `components.schemas.${name}`, refer);
    const identifier = `$${name.replace(/[^A-Za-z0-9]/g, '_')}`;
    declarations.push(`const ${identifier}: Schema = ${text};`);
    declared.set(name, identifier);
    return identifier;
  };
  const operations = operationSchemas(spec).map(({ key, name, schema }) => {
    const text = literal(schema, key, refer);
    return { key, name, text };
  });
  return (
    '// The input schema of each operation, as data for src/schema-check.ts (scripts/validators.mjs).\n' +
    "import type { Schema } from '../schema-check.js';\n\n" +
    `${declarations.join('\n')}\n\n` +
    operations.map(({ name, text }) => `export const ${name}: Schema = ${text};`).join('\n') +
    `\n\n/** The input schema of each operation, by "METHOD /path template". */\n` +
    `export const validators: Record<string, Schema> = {\n${operations.map(({ key, name }) => `  ${JSON.stringify(key)}: ${name},`).join('\n')}\n};\n`
  );
}
