import { RequestValidationError, type RequestValidator, type ValidationIssue } from '@coze/runtime';
import { validators } from './gen/validators.gen.js';
import { checkSchema, type SchemaError } from './schema-check.js';

const NONE = Object.freeze({});

/** Checks an operation's input against the contract (its schema from the spec, see schema-check.ts). */
export const validateRequest: RequestValidator = (request) => {
  const schema = validators[`${request.method} ${request.url}`];
  if (!schema) return;
  // A slot the call left empty is checked as an empty object, so that a missing path parameter is named
  // (`workflow_id is required`), not the slot that users never write (`path is required`).
  const input = { body: request.body, path: request.path ?? NONE, query: request.query ?? NONE, headers: request.headers };
  const error = checkSchema(schema, input);
  if (error) throw new RequestValidationError([describe(error, input)]);
};

function describe(error: SchemaError, input: unknown): ValidationIssue {
  const { keyword, params } = error;
  // The first segment is the slot (body, path, query, headers); users wrote one flat object.
  const segments = error.instancePath.split('/').slice(2).map(unescape);
  if (keyword === 'required') segments.push(String(params.missingProperty));
  if (keyword === 'additionalProperties') segments.push(String(params.additionalProperty));
  const field = formatPath(segments) || slotName(error.instancePath);
  // For these two the instance is the parent object, not the field: showing it would mislead.
  const value = keyword === 'required' || keyword === 'additionalProperties' ? undefined : valueAt(input, error.instancePath);
  const got = value === undefined ? '' : `; got ${preview(value)}`;
  return { field, rule: keyword, message: `${field} ${rule(keyword, params)}${got}` };
}

function rule(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field of this operation';
    case 'maximum':
    case 'minimum':
      return `must be ${params.comparison} ${params.limit} (${keyword})`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long (maxLength)`;
    case 'minLength':
      return `must be at least ${params.limit} character(s) long (minLength)`;
    case 'maxItems':
      return `must have at most ${params.limit} item(s) (maxItems)`;
    case 'minItems':
      return `must have at least ${params.limit} item(s) (minItems)`;
    case 'maxProperties':
      return `must have at most ${params.limit} field(s) (maxProperties)`;
    case 'minProperties':
      return `must have at least ${params.limit} field(s) (minProperties)`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (enum)`;
    case 'type':
      return `must be of type ${params.type} (type)`;
    case 'pattern':
      return `must match the pattern ${params.pattern} (pattern)`;
    case 'uniqueItems':
      return `must not repeat items (uniqueItems: items ${params.j} and ${params.i} are equal)`;
    default:
      return `breaks the rule '${keyword}'`;
  }
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function formatPath(segments: string[]): string {
  let path = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  }
  return path;
}

function slotName(instancePath: string): string {
  const slot = instancePath.split('/')[1];
  return slot === 'body' ? 'the request body' : slot ? `the ${slot} parameters` : 'the request';
}

function valueAt(input: unknown, instancePath: string): unknown {
  let value = input;
  for (const segment of instancePath.split('/').slice(1).map(unescape)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
