import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadSpec, specPath, type Spec } from './spec-helpers.js';

describe('spec/coze.v1.yaml', () => {
  it('is a valid OpenAPI 3.1 document by an independent validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(specPath);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  const spec = loadSpec();
  const examples = collectExamples(spec);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(30);
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // OpenAPI's integer formats; every integer of the spec also states the bounds they imply.
  for (const format of ['int32', 'int64']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'urn:coze:spec', components: spec.components });

  it.each(examples.map((example) => [example.where, example] as const))('example %s validates', (_, example) => {
    const validate = ajv.compile(withSpecRefs(example.schema));
    const valid = validate(example.value);
    expect(validate.errors ?? [], JSON.stringify(example.value)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects an example that breaks its schema (the check can fail)', () => {
    const schema = spec.components.schemas.Error;
    const validate = ajv.compile(withSpecRefs(schema));
    expect(validate({ code: 200, message: 'x', details: 'y' })).toBe(false);
  });
});

interface Example {
  where: string;
  schema: unknown;
  value: unknown;
}

/** Every example in the spec with the schema it must satisfy: media types, parameters, headers, schemas. */
function collectExamples(spec: Spec): Example[] {
  const found: Example[] = [];
  const resolve = (node: Spec): Spec => {
    if (typeof node?.$ref !== 'string') return node;
    const target = node.$ref.slice(2).split('/').reduce((value: Spec, key: string) => value[key], spec);
    return resolve(target);
  };
  const visitMedia = (where: string, media: Spec) => {
    for (const [type, content] of Object.entries(media ?? {}) as [string, Spec][]) {
      for (const [name, example] of Object.entries(content.examples ?? {}) as [string, Spec][]) {
        found.push({ where: `${where} ${type} ${name}`, schema: content.schema, value: resolve(example).value });
      }
    }
  };
  const visitParameter = (where: string, parameter: Spec) => {
    const resolved = resolve(parameter);
    if ('example' in resolved) found.push({ where: `${where} ${resolved.name}`, schema: resolved.schema, value: resolved.example });
  };
  for (const [path, item] of Object.entries(spec.paths) as [string, Spec][]) {
    for (const parameter of item.parameters ?? []) visitParameter(`${path} parameter`, parameter);
    for (const [method, operation] of Object.entries(item) as [string, Spec][]) {
      if (method === 'parameters') continue;
      const where = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters ?? []) visitParameter(`${where} parameter`, parameter);
      if (operation.requestBody) visitMedia(`${where} request`, resolve(operation.requestBody).content);
      for (const [status, response] of Object.entries(operation.responses) as [string, Spec][]) {
        visitMedia(`${where} ${status}`, resolve(response).content);
      }
    }
  }
  for (const [name, header] of Object.entries(spec.components.headers ?? {}) as [string, Spec][]) {
    if ('example' in header) found.push({ where: `header ${name}`, schema: header.schema, value: header.example });
  }
  const visitSchema = (where: string, schema: Spec) => {
    if (!schema || typeof schema !== 'object') return;
    for (const [index, value] of (schema.examples ?? []).entries()) {
      found.push({ where: `${where} examples[${index}]`, schema, value });
    }
    for (const [name, property] of Object.entries(schema.properties ?? {}) as [string, Spec][]) {
      visitSchema(`${where}.${name}`, property);
    }
    if (schema.items) visitSchema(`${where}[]`, schema.items);
  };
  for (const [name, schema] of Object.entries(spec.components.schemas) as [string, Spec][]) {
    visitSchema(`schema ${name}`, schema);
  }
  return found;
}

function withSpecRefs(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"urn:coze:spec#/components/'));
}
