// The compact request checker (src/schema-check.ts over src/gen/validators.gen.ts) against ajv, the
// well-kept validator it stands in for: on the spec's own examples and on inputs generated from each
// operation's schema — near its limits, of the wrong type, with fields missing or extra — the two must
// report the same first problem (keyword, instance path, params), hence the same message.
import { readFileSync } from 'node:fs';
import { RequestValidationError } from '@coze/runtime';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { generateValidators, operationSchemas, specDefinitions } from '../scripts/validators.mjs';
import { validators } from '../src/gen/validators.gen.js';
import { checkSchema, type Schema } from '../src/schema-check.js';
import { validateRequest } from '../src/validation.js';
import { specPath, type Spec } from './spec-helpers.js';

const spec: Spec = parse(readFileSync(specPath, 'utf8'));
type Operation = { key: string; name: string; schema: Record<string, unknown> };
const operations: Operation[] = operationSchemas(spec);
const definitions: { $defs: Record<string, JsonSchema> } = specDefinitions(spec);

// As the validators were compiled before: draft 2020-12, strict off, the integer formats as annotations.
const ajv = new Ajv2020({ strict: false, allErrors: false });
for (const format of ['int32', 'int64']) ajv.addFormat(format, true);
ajv.addSchema(specDefinitions(spec));
const compiled = new Map<string, ValidateFunction>(operations.map((op) => [op.key, ajv.compile(op.schema)]));

const firstError = (validate: ValidateFunction, input: unknown) => {
  if (validate(input)) return undefined;
  const { instancePath, keyword, params } = (validate.errors as ErrorObject[])[0]!;
  return { instancePath, keyword, params };
};

/** Both verdicts on one input: equal, or the test fails with the input that split them. */
function expectAgreement(op: Operation, input: unknown): void {
  const expected = firstError(compiled.get(op.key)!, input);
  const actual = checkSchema(validators[op.key]!, input);
  expect(actual, `${op.key}: ${preview(input)}`).toEqual(expected);
}

function preview(input: unknown): string {
  try {
    return JSON.stringify(input, (_, value) => (value === undefined ? '(undefined)' : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value)).slice(0, 400);
  } catch {
    return String(input);
  }
}

describe('the generated schemas', () => {
  it('cover every operation of the spec, and no other', () => {
    expect(Object.keys(validators).sort()).toEqual(operations.map((op) => op.key).sort());
  });

  it('are what the generator writes from the spec (the drift check compares the file itself)', () => {
    expect(generateValidators(spec)).toContain('export const chat_create: Schema = ');
  });

  it('refuse a keyword the checker does not implement, naming it and where it is', () => {
    const edited = structuredClone(spec);
    edited.components.schemas.ChatMessage.properties.content.multipleOf = 2;
    expect(() => generateValidators(edited)).toThrow(/components\.schemas\.ChatMessage\.content uses the keyword `multipleOf`/);
    // ajv would report these in another order than type first: refused rather than checked differently.
    const enumerated = structuredClone(spec);
    enumerated.components.schemas.ChatRole.maxLength = 9;
    expect(() => generateValidators(enumerated)).toThrow(/ChatRole uses `enum` beside `maxLength`/);
    const crossed = structuredClone(spec);
    crossed.components.schemas.ChatMessage.properties.content.maximum = 9;
    expect(() => generateValidators(crossed)).toThrow(/content uses `maximum` on a schema of type string/);
    const formatted = structuredClone(spec);
    formatted.components.schemas.ChatMessage.properties.content.format = 'email';
    expect(() => generateValidators(formatted)).toThrow(/the format `email`/);
  });
});

// ---- the spec's examples ------------------------------------------------------------------------

/** Each operation's example inputs: the examples of its request body, with its parameters' examples. */
function examples(): Array<[string, Operation, unknown]> {
  const out: Array<[string, Operation, unknown]> = [];
  for (const op of operations) {
    const [method, path] = op.key.split(' ') as [string, string];
    const pathItem = spec.paths[path];
    const operation = pathItem[method.toLowerCase()];
    const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p: { $ref?: string }) =>
      p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!] : p,
    );
    const slots: Record<string, Record<string, unknown>> = {};
    for (const parameter of parameters) {
      if (parameter.example === undefined) continue;
      const slot = parameter.in === 'header' ? 'headers' : parameter.in;
      (slots[slot] ??= {})[parameter.name] = parameter.example;
    }
    const media = operation.requestBody?.content?.['application/json'];
    const bodies = media ? [...Object.values((media.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value), ...(media.example ? [media.example] : [])] : [];
    for (const [index, body] of (bodies.length ? bodies : [undefined]).entries()) {
      out.push([`${op.key} example ${index + 1}`, op, { ...slots, ...(body === undefined ? {} : { body }) }]);
    }
  }
  return out;
}

describe('the checker agrees with ajv', () => {
  it.each(examples())('on %s', (_, op, input) => {
    expectAgreement(op, input);
  });

  it('finds the spec examples valid, as ajv does (they are what the docs show)', () => {
    for (const [where, op, input] of examples()) expect(checkSchema(validators[op.key]!, input), where).toBeUndefined();
  });

  for (const op of operations) {
    it(`on generated inputs for ${op.key}`, () => {
      fc.assert(
        fc.property(arbitraryInput(op.schema), (input) => {
          expectAgreement(op, input);
        }),
        { numRuns: 3000 },
      );
    });
  }
});

// Schemas the spec does not have (yet), within what the generator accepts: every keyword together,
// enums of several types, and no type at all (each keyword then applies to values of its own type).
const SYNTHETIC: JsonSchema[] = [
  { type: 'string', enum: ['a', 'bb', 'ccc'] },
  { type: 'number', minimum: 1.5, maximum: 3 },
  { type: 'integer', minimum: 0, maximum: 10 },
  { type: 'array', items: { type: 'string', maxLength: 2 }, uniqueItems: true, minItems: 1, maxItems: 3 },
  { type: 'object', maxProperties: 2, minProperties: 1, required: ['a'], additionalProperties: false, properties: { a: { type: 'string' }, b: { type: 'boolean' }, c: { type: 'null' } } },
  { enum: ['x', 1, null] },
  { maxLength: 2, minimum: 1, required: ['a'], maxItems: 1 },
  // Limits a string's length alone cannot decide (the checker counts code points only then): 😀 is two UTF-16 units.
  { type: 'string', minLength: 3, maxLength: 5 },
];

describe('the checker agrees with ajv beyond the spec', () => {
  it.each(SYNTHETIC.map((schema) => [JSON.stringify(schema), schema] as const))('on %s', (_, schema) => {
    const validate = ajv.compile(schema);
    fc.assert(
      fc.property(arbitraryFor(schema), (input) => {
        expect(checkSchema(schema as Schema, input), preview(input)).toEqual(firstError(validate, input));
      }),
      { numRuns: 1500 },
    );
  });
});

// ---- inputs generated from a schema -------------------------------------------------------------

type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
};

/** Keys that plain-object code gets wrong: they must be judged alike. */
const TRICKY_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'extra', 'a/b~c'];

/** Anything at all: what plain JavaScript may pass where the types say otherwise. */
const anything = fc.oneof(
  fc.anything({ maxDepth: 2, withNullPrototype: true, withObjectString: true }),
  fc.constantFrom(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -0, '', [], {}),
);

/**
 * Values for a schema: mostly valid (so that the keywords checked late, deep in a valid structure, are
 * reached), else just past one of its limits, of another type, or anything at all.
 */
function arbitraryFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryFor(definitions.$defs[schema.$ref.split('/').pop()!]!, depth);
  const valid: fc.Arbitrary<unknown>[] = [];
  const edge: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) {
    valid.push(fc.constantFrom(...schema.enum));
    edge.push(fc.string({ maxLength: 3 }), fc.constantFrom(...schema.enum).map((v) => `${String(v)} `));
  }
  switch (schema.type) {
    case 'string':
      if (!schema.enum) valid.push(validStrings(schema));
      edge.push(edgeStrings(schema));
      break;
    case 'number':
    case 'integer':
      valid.push(numbersWithin(schema));
      edge.push(edgeNumbers(schema));
      break;
    case 'boolean':
      valid.push(fc.boolean());
      break;
    case 'array':
      valid.push(arraysFor(schema, depth, true));
      edge.push(arraysFor(schema, depth, false));
      break;
    case 'object':
      valid.push(objectsFor(schema, depth, true));
      edge.push(objectsFor(schema, depth, false));
      break;
  }
  if (valid.length === 0) valid.push(anything);
  const wrong = depth > 4 ? fc.constant(undefined) : anything;
  return fc.oneof(
    { weight: 24, arbitrary: fc.oneof(...valid) },
    ...(edge.length ? [{ weight: 2, arbitrary: fc.oneof(...edge) }] : []),
    { weight: 1, arbitrary: wrong },
  );
}

function validStrings(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern as string, 'u')).filter((s) => [...s].length <= ((schema.maxLength as number | undefined) ?? Infinity));
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = Math.min((schema.maxLength as number | undefined) ?? 12, min + 12);
  return fc.string({ unit: fc.constantFrom('a', '你', '😀', ' '), minLength: min, maxLength: max });
}

function edgeStrings(schema: JsonSchema): fc.Arbitrary<unknown> {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = (schema.maxLength as number | undefined) ?? 20;
  const options: fc.Arbitrary<unknown>[] = [
    fc.string({ unit: 'binary', maxLength: Math.min(max + 1, min + 4) }),
    // At the limits, in code points: a surrogate pair counts once, a lone surrogate once too.
    fc.constantFrom(Math.max(0, min - 1), min, Math.max(0, max - 1), max, max + 1).chain((n) =>
      fc.constantFrom('x'.repeat(n), '😀'.repeat(n), `${'x'.repeat(Math.max(0, n - 1))}\ud800`),
    ),
  ];
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern as string, 'u');
    options.push(fc.stringMatching(pattern).map((s) => `${s}!`), fc.stringMatching(pattern).map((s) => s + s));
  }
  return fc.oneof(...options);
}

function numbersWithin(schema: JsonSchema): fc.Arbitrary<unknown> {
  const min = (schema.minimum as number | undefined) ?? -10;
  const max = (schema.maximum as number | undefined) ?? 10;
  return schema.type === 'integer' ? fc.integer({ min, max }) : fc.oneof(fc.constantFrom(min, max), fc.double({ min, max, noNaN: true }));
}

function edgeNumbers(schema: JsonSchema): fc.Arbitrary<unknown> {
  const min = (schema.minimum as number | undefined) ?? -10;
  const max = (schema.maximum as number | undefined) ?? 10;
  return fc.oneof(
    fc.constantFrom(min - 1, max + 1, min - 0.5, max + 0.5, (min + max) / 2 + 0.25, Number.NaN, Infinity, -Infinity, -0),
    fc.double({ min: min - 2, max: max + 2 }),
  );
}

function arraysFor(schema: JsonSchema, depth: number, valid: boolean): fc.Arbitrary<unknown> {
  const items = schema.items ? arbitraryFor(schema.items, depth + 1) : anything;
  const max = (schema.maxItems as number | undefined) ?? 5;
  const min = (schema.minItems as number | undefined) ?? 0;
  if (valid) return fc.array(items, { minLength: min, maxLength: Math.min(max, min + 3) });
  const options: fc.Arbitrary<unknown>[] = [items.map((item) => Array.from({ length: max + 1 }, () => item))];
  if (min > 0) options.push(fc.array(items, { minLength: min - 1, maxLength: min - 1 }));
  // Repeats, among them the keys a plain object holds already.
  if (schema.uniqueItems) options.push(fc.array(fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'toString'), items), { minLength: 2, maxLength: 5 }));
  return fc.oneof(...options);
}

function objectsFor(schema: JsonSchema, depth: number, valid: boolean): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const fields = Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, arbitraryFor(sub, depth + 1)]));
  const required = (schema.required ?? []).filter((name) => name in fields);
  const complete = fc.record(fields, { requiredKeys: required });
  if (valid) {
    const min = (schema.minProperties as number | undefined) ?? 0;
    return min > 0 ? complete.filter((value) => Object.keys(value).length >= min) : complete;
  }
  const extra = fc.dictionary(fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.string({ maxLength: 4 })), anything, { minKeys: 1, maxKeys: 2 });
  const options: fc.Arbitrary<unknown>[] = [
    // Any subset of the fields, the required ones too; a field present but undefined.
    fc.record(fields, { requiredKeys: [] }),
    fc.tuple(complete, fc.constantFrom(...Object.keys(fields), 'x')).map(([value, name]) => ({ ...value, [name]: undefined })),
    fc.tuple(complete, extra).map(([a, b]) => ({ ...a, ...b })),
    // An own "__proto__" key, as JSON.parse makes it.
    complete.map((value) => Object.assign(JSON.parse('{"__proto__": 1}'), value)),
  ];
  if (schema.maxProperties !== undefined || schema.minProperties !== undefined) {
    const max = (schema.maxProperties as number | undefined) ?? 3;
    options.push(fc.integer({ min: Math.max(0, max - 1), max: max + 1 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))));
    options.push(fc.constant({}));
  }
  return fc.oneof(...options);
}

function arbitraryInput(schema: Record<string, unknown>): fc.Arbitrary<unknown> {
  // The input validateRequest builds is always an object with these four slots (each may be undefined).
  const slots = (schema as JsonSchema).properties ?? {};
  const slot = (name: string) => (slots[name] ? arbitraryFor(slots[name]!, 1) : fc.oneof(fc.constant(undefined), anything));
  return fc.record({ body: slot('body'), path: slot('path'), query: slot('query'), headers: slot('headers') });
}

// ---- the messages users read --------------------------------------------------------------------

describe('the messages', () => {
  const request = (body: unknown) => ({ method: 'POST', url: '/chat', body, headers: { 'Content-Type': 'application/json' } });
  const messageOf = (body: unknown) => {
    try {
      validateRequest(request(body));
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  };

  it('name the field, the rule and the value, as before', () => {
    const messages = [{ role: 'user', content: 'hi' }];
    expect(messageOf({ messages, temperature: 2 })).toBe('Invalid request: temperature must be <= 1 (maximum); got 2');
    expect(messageOf({ messages: [{ role: 'robot', content: 'hi' }] })).toBe(
      'Invalid request: messages[0].role must be one of "system", "user", "assistant" (enum); got "robot"',
    );
    expect(messageOf({ messages: [] })).toBe('Invalid request: messages must have at least 1 item(s) (minItems); got []');
    expect(messageOf({ messages, temprature: 0.5 })).toBe('Invalid request: temprature is not a field of this operation');
    expect(messageOf({})).toBe('Invalid request: messages is required');
    expect(messageOf({ messages })).toBeUndefined();
  });

  it('name a missing path parameter, not the path slot that users never write', () => {
    const missing = () => validateRequest({ method: 'GET', url: '/workflow/{workflow_id}' });
    expect(missing).toThrow(RequestValidationError);
    expect(missing).toThrow(/^Invalid request: workflow_id is required$/);
    expect(() => validateRequest({ method: 'GET', url: '/workflow/{workflow_id}', path: { workflow_id: 'wf_1' } })).not.toThrow();
    // A list's query parameters are all optional: no query at all is fine.
    expect(() => validateRequest({ method: 'GET', url: '/workflow' })).not.toThrow();
  });

  it('check only operations the spec has', () => {
    const unknown: Schema | undefined = validators['POST /nowhere'];
    expect(unknown).toBeUndefined();
    expect(() => validateRequest({ method: 'POST', url: '/nowhere', body: 42 })).not.toThrow();
  });
});

describe('the instance path of a problem', () => {
  it('is made only for the problem, escaped as a JSON pointer, below the path it was given', () => {
    const schema = { type: 'object', properties: { 'a/b~c': { type: 'array', items: { type: 'object', properties: { n: { type: 'number' } } } } } } as const;
    expect(checkSchema(schema, { 'a/b~c': [{ n: 1 }, { n: 'x' }] })?.instancePath).toBe('/a~1b~0c/1/n');
    expect(checkSchema(schema, { 'a/b~c': [{ n: 'x' }] }, '/body')?.instancePath).toBe('/body/a~1b~0c/0/n');
    expect(checkSchema(schema, { 'a/b~c': [{ n: 1 }] })).toBeUndefined();
  });
});
