import { RequestValidationError } from './errors/index.js';

type Slot = 'body' | 'headers' | 'path' | 'query';

/** How one flat argument key maps to a request slot (the generated bindings describe each operation so). */
export type Field =
  | { in: Exclude<Slot, 'body'>; key: string; map?: string }
  | { in: Extract<Slot, 'body'>; key?: string; map?: string }
  | { key: string; map: Slot };

export interface Fields {
  allowExtra?: Partial<Record<Slot, boolean>>;
  args?: ReadonlyArray<Field>;
}

export type FieldsConfig = ReadonlyArray<Field | Fields>;

export interface ClientParams {
  body?: unknown;
  headers?: Record<string, unknown>;
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
}

const extraPrefixes: Array<[string, Slot]> = [
  ['$body_', 'body'],
  ['$headers_', 'headers'],
  ['$path_', 'path'],
  ['$query_', 'query'],
];

/**
 * Splits the one flat argument users pass (`{ workflow_id, name }`) into path, query, header and
 * body slots, as the generated bindings describe. Unlike a silent drop, a key the operation does
 * not know is a RequestValidationError, so a typo never sends a request without the intended field.
 */
export function buildClientParams(args: ReadonlyArray<unknown>, fields: FieldsConfig): ClientParams {
  const params = { body: {} as unknown, headers: {}, path: {}, query: {} } as Required<ClientParams> & {
    headers: Record<string, unknown>;
    path: Record<string, unknown>;
    query: Record<string, unknown>;
  };
  let hasBody = false;
  const slots = params as unknown as Record<Slot, Record<string, unknown>>;
  for (let index = 0; index < args.length; index++) {
    const config = fields[index];
    const arg = args[index];
    if (!config) continue;
    if ('in' in config) {
      if (config.in === 'body' && !config.key) {
        params.body = arg;
        hasBody = true;
      } else if (config.key) slots[config.in][config.map ?? config.key] = arg;
      continue;
    }
    if ('map' in config) {
      if (config.map === 'body') {
        params.body = arg;
        hasBody = true;
      } else slots[config.map][config.key] = arg;
      continue;
    }
    const fieldList = config.args ?? [];
    for (const field of fieldList) {
      // An operation with body fields always sends a body, so a missing field is named as such.
      if ('in' in field && field.in === 'body') hasBody = true;
    }
    for (const key in (arg ?? {}) as Record<string, unknown>) {
      const value = (arg as Record<string, unknown>)[key];
      const field = fieldNamed(fieldList, key);
      if (field) {
        if ('in' in field && field.in) {
          slots[field.in][field.map ?? key] = value;
          if (field.in === 'body') hasBody = true;
        } else if (field.map === 'body') {
          params.body = value;
          hasBody = true;
        } else slots[field.map as Slot][key] = value;
        continue;
      }
      const prefixed = extraPrefixes.find(([prefix]) => key.startsWith(prefix));
      const extraSlot = prefixed?.[1] ?? allowedExtraSlot(config.allowExtra);
      if (!extraSlot) {
        const known = new Set(fieldList.map((field) => field.key).filter((name) => name));
        const expected = [...known].map((name) => `'${name}'`).join(', ') || 'none';
        throw new RequestValidationError([
          {
            field: key,
            rule: 'unknown',
            message: `Unknown parameter '${key}': this operation accepts ${expected}`,
          },
        ]);
      }
      slots[extraSlot][prefixed ? key.slice(prefixed[0].length) : key] = value;
      if (extraSlot === 'body') hasBody = true;
    }
  }
  const result: ClientParams = {};
  if (hasBody) result.body = params.body;
  if (hasKeys(params.headers)) result.headers = params.headers;
  if (hasKeys(params.path)) result.path = params.path;
  if (hasKeys(params.query)) result.query = params.query;
  return result;
}

/**
 * The field a key names (the last, should two name it). A search, not a map made per call: an
 * operation has a handful of fields.
 */
function fieldNamed(fields: ReadonlyArray<Field>, key: string): Field | undefined {
  for (let index = fields.length - 1; index >= 0; index--) if (fields[index]!.key === key) return fields[index];
  return undefined;
}

function hasKeys(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function allowedExtraSlot(allowExtra: Fields['allowExtra']): Slot | undefined {
  if (!allowExtra) return undefined;
  for (const slot of ['body', 'headers', 'path', 'query'] as const) if (allowExtra[slot]) return slot;
  return undefined;
}
