/**
 * The JSON Schema keywords the spec's request schemas use, and nothing more: the generator
 * (scripts/validators.mjs) refuses a spec that needs another one. Each operation's schema is data
 * (src/gen/validators.gen.ts) that this one small function walks; ajv compiled the same schemas into
 * ~30 kB of code per bundle. It reports the first problem exactly as ajv (allErrors: false) does —
 * the same keyword order, instance path and params — and test/schema-check.test.ts holds the two
 * side by side on the spec's examples and on generated inputs, so they cannot drift apart.
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  enum?: readonly unknown[];
  maximum?: number;
  minimum?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  items?: Schema;
  /** Only over items of type string (the generator checks). */
  uniqueItems?: boolean;
  maxProperties?: number;
  minProperties?: number;
  required?: readonly string[];
  /** `false` only: `true` is the default and carries no check. */
  additionalProperties?: false;
  properties?: Readonly<Record<string, Schema>>;
}

/** A problem as ajv reports it: where (a JSON pointer), the keyword, and the keyword's params. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

const patterns = new Map<string, RegExp>();
const hasOwn = Object.prototype.hasOwnProperty;

function isObject(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/** ajv's type tests, with strictNumbers off as the generator sets it (NaN and Infinity are numbers). */
function hasType(type: string, data: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(data);
    case 'array':
      return Array.isArray(data);
    case 'integer':
      return typeof data === 'number' && !(data % 1) && !Number.isNaN(data);
    case 'null':
      return data === null;
    default:
      return typeof data === type;
  }
}

/** Characters as JSON Schema counts them: a surrogate pair is one. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

const problem = (instancePath: string, keyword: string, params: Record<string, unknown>): SchemaError => ({ instancePath, keyword, params });

/**
 * A problem found below `path`, given its path from there. Paths are made only for a problem: on
 * every call, escaping each field's name cost more than the rest of the check.
 */
function within(path: string, found: SchemaError): SchemaError {
  found.instancePath = path + found.instancePath;
  return found;
}

/**
 * The first way `data` breaks `schema`, or undefined when it does not.
 *
 * @example
 * checkSchema({ type: 'number', maximum: 1 }, 2, '/temperature');
 * // { instancePath: '/temperature', keyword: 'maximum', params: { comparison: '<=', limit: 1 } }
 */
export function checkSchema(schema: Schema, data: unknown, path = ''): SchemaError | undefined {
  // ajv checks `type` first here: the generator refuses the schemas where it would not (`enum` beside a
  // type's own keywords, or keywords of another type), so this order is ajv's for every schema it writes.
  const { type } = schema;
  if (type !== undefined && !hasType(type, data)) return problem(path, 'type', { type });
  const allowed = schema.enum;
  if (allowed !== undefined && !allowed.some((value) => value === data)) return problem(path, 'enum', { allowedValues: allowed });

  if (typeof data === 'number') {
    const { maximum, minimum } = schema;
    if (maximum !== undefined && (data > maximum || Number.isNaN(data))) return problem(path, 'maximum', { comparison: '<=', limit: maximum });
    if (minimum !== undefined && (data < minimum || Number.isNaN(data))) return problem(path, 'minimum', { comparison: '>=', limit: minimum });
  }

  if (typeof data === 'string') {
    const { maxLength, minLength, pattern } = schema;
    // A string has at most `length` and at least half as many code points: counting them (a pass over the whole
    // text, 32 KiB per message at most) is needed only when the length alone cannot decide.
    if (maxLength !== undefined && data.length > maxLength && codePoints(data) > maxLength) return problem(path, 'maxLength', { limit: maxLength });
    if (minLength !== undefined && data.length < minLength * 2 && codePoints(data) < minLength) return problem(path, 'minLength', { limit: minLength });
    if (pattern !== undefined) {
      let regex = patterns.get(pattern);
      if (!regex) patterns.set(pattern, (regex = new RegExp(pattern, 'u')));
      if (!regex.test(data)) return problem(path, 'pattern', { pattern });
    }
  }

  if (Array.isArray(data)) {
    const { maxItems, minItems, items } = schema;
    if (maxItems !== undefined && data.length > maxItems) return problem(path, 'maxItems', { limit: maxItems });
    if (minItems !== undefined && data.length < minItems) return problem(path, 'minItems', { limit: minItems });
    if (items !== undefined) {
      for (let i = 0; i < data.length; i++) {
        const found = checkSchema(items, data[i]);
        if (found) return within(`${path}/${i}`, found);
      }
    }
    if (schema.uniqueItems && data.length > 1) {
      // As ajv does for items of one scalar type: from the end, each string remembered by its index in
      // a plain object (so that, as in ajv, a repeated "__proto__" goes unnoticed: the two must agree).
      const seen: Record<string, unknown> = {};
      for (let i = data.length; i--; ) {
        const item = data[i];
        if (typeof item !== 'string') continue;
        const j = seen[item];
        if (typeof j === 'number') return problem(path, 'uniqueItems', { i, j });
        seen[item] = i;
      }
    }
  }

  if (isObject(data)) {
    const { maxProperties, minProperties, required, properties } = schema;
    if (maxProperties !== undefined && Object.keys(data).length > maxProperties) return problem(path, 'maxProperties', { limit: maxProperties });
    if (minProperties !== undefined && Object.keys(data).length < minProperties) return problem(path, 'minProperties', { limit: minProperties });
    if (required !== undefined) {
      for (const name of required) if (data[name] === undefined) return problem(path, 'required', { missingProperty: name });
    }
    if (schema.additionalProperties === false) {
      for (const key in data) if (!properties || !hasOwn.call(properties, key)) return problem(path, 'additionalProperties', { additionalProperty: key });
    }
    for (const name in properties) {
      const value = data[name];
      if (value === undefined) continue;
      const found = checkSchema(properties[name]!, value);
      if (found) return within(`${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, found);
    }
  }
  return undefined;
}
