import { RequestValidationError, type ValidationIssue } from './errors/index.js';

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

/**
 * Where {@link buildClientParams} leaves what is wrong with a call's parameters. The generated methods
 * build their parameters before the call's promise exists, so a throw there would escape the promise
 * (`coze.chat.create(x).catch(handle)` would crash); spread into the request options, the error reaches
 * the client, which rejects the call with it before anything is sent. Registered (Symbol.for) so that a
 * second copy of the runtime in one app still understands it.
 */
export const PARAMETER_ERROR: unique symbol = Symbol.for('@coze/runtime.parameterError');

export interface ClientParams {
  body?: unknown;
  headers?: Record<string, unknown>;
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  [PARAMETER_ERROR]?: RequestValidationError;
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
 * not know is a RequestValidationError (every such key named in it), so a typo never sends a request
 * without the intended field; so is an argument that is not an object of fields. The error is not
 * thrown but returned under {@link PARAMETER_ERROR}, for the call to reject with.
 */
export function buildClientParams(args: ReadonlyArray<unknown>, fields: FieldsConfig): ClientParams {
  const params = { body: {} as unknown, headers: {}, path: {}, query: {} } as Required<ClientParams> & {
    headers: Record<string, unknown>;
    path: Record<string, unknown>;
    query: Record<string, unknown>;
  };
  let hasBody = false;
  const issues: ValidationIssue[] = [];
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
    if (arg !== undefined && arg !== null && (typeof arg !== 'object' || Array.isArray(arg))) {
      const got = Array.isArray(arg) ? 'an array' : `a ${typeof arg}`;
      issues.push({
        field: 'parameters',
        rule: 'type',
        message: `The parameters must be one object of named fields (such as { ${exampleField(config)}: … }), not ${got}`,
      });
      continue;
    }
    // The few fields searched, not put in a Map: a Map per call cost more than the search.
    const known = config.args ?? [];
    for (const field of known) {
      // An operation with body fields always sends a body, so a missing field is named as such.
      if ('in' in field && field.in === 'body') hasBody = true;
    }
    for (const key in (arg ?? {}) as Record<string, unknown>) {
      const value = (arg as Record<string, unknown>)[key];
      const field = fieldNamed(known, key);
      if (field) {
        if ('in' in field && field.in) {
          slots[field.in][field.map ?? key] = value;
          // Stryker disable next-line StringLiteral: a known body field is one of config.args, whose loop above already set hasBody
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
        const names = new Set(known.map((field) => field.key).filter(Boolean));
        const expected = [...names].map((name) => `'${name}'`).join(', ') || 'none';
        issues.push({ field: key, rule: 'unknown', message: `Unknown parameter '${key}': this operation accepts ${expected}` });
        continue;
      }
      slots[extraSlot][prefixed ? key.slice(prefixed[0].length) : key] = value;
      if (extraSlot === 'body') hasBody = true;
    }
  }
  const result: ClientParams = {};
  if (issues.length > 0) {
    result[PARAMETER_ERROR] = new RequestValidationError(issues);
    return result;
  }
  if (hasBody) result.body = params.body;
  if (hasKeys(params.headers)) result.headers = params.headers;
  if (hasKeys(params.path)) result.path = params.path;
  if (hasKeys(params.query)) result.query = params.query;
  return result;
}

/** The field an argument key names: the last, when two name it. */
function fieldNamed(fields: ReadonlyArray<Field>, key: string): Field | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.key === key) return fields[i];
  return undefined;
}

/** Whether an object has a key, without Object.keys' array. */
function hasKeys(object: Record<string, unknown>): boolean {
  for (const _ in object) return true;
  return false;
}

/** A field to show in the example of an object of fields: the first that is not a header (`Idempotency-Key`). */
function exampleField(config: Fields): string {
  return config.args?.find((field) => field.key && !field.key.includes('-'))?.key ?? 'name';
}

function allowedExtraSlot(allowExtra: Fields['allowExtra']): Slot | undefined {
  if (!allowExtra) return undefined;
  for (const slot of ['body', 'headers', 'path', 'query'] as const) if (allowExtra[slot]) return slot;
  return undefined;
}
