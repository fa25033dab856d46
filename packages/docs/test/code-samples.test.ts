import { describe, expect, it } from 'vitest';
import { codeSamples } from '../src/code-samples.js';
import { firstExample, operations } from '../src/openapi.js';
import { pyCall, pyLiteral, pythonName } from '../src/py-literal.js';
import { tsLiteral } from '../src/ts-literal.js';
import { readSpec } from './support/paths.js';

/** A spec made for these tests: a page-listing GET, a streaming POST, a path parameter. */
const fixture = {
  openapi: '3.1.0',
  info: { title: 'Fixture', version: '1' },
  servers: [{ url: 'https://api.example.test/v9' }],
  paths: {
    '/things': {
      get: {
        operationId: 'thing.list',
        parameters: [
          { name: 'cursor', in: 'query', schema: { type: 'string' }, example: 'abc' },
          { name: 'limit', in: 'query', schema: { type: 'integer', default: 20 }, example: 50 },
          { name: 'owner', in: 'query', required: true, schema: { type: 'string', examples: ["o'brien"] } },
        ],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingList' } } } },
        },
      },
    },
    '/things/{thing_id}/talk': {
      parameters: [{ $ref: '#/components/parameters/ThingId' }],
      post: {
        operationId: 'thing.talk',
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { text: { type: 'string' }, stream: { type: 'boolean' } } },
              examples: { first: { value: { text: "it's" } }, second: { value: { text: 'no' } } },
            },
          },
        },
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
              'text/event-stream': { schema: { type: 'object' } },
            },
          },
        },
      },
    },
  },
  components: {
    parameters: { ThingId: { name: 'thing_id', in: 'path', required: true, schema: { type: 'string' }, example: 'th 1' } },
    schemas: {
      Thing: { type: 'object', properties: { id: { type: 'string' } } },
      ThingList: {
        type: 'object',
        properties: {
          data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
          has_more: { type: 'boolean' },
          next_cursor: { type: ['string', 'null'] },
        },
      },
    },
  },
};

const byLabel = (samples: Array<{ label: string; source: string }>) =>
  Object.fromEntries(samples.map((s) => [s.label, s.source]));

describe('codeSamples', () => {
  const [list, talk] = [...codeSamples(fixture, 'en').values()].map(byLabel);

  it('calls the client method the operationId names, with one flat argument object', () => {
    expect(list!.TypeScript).toContain("const page = await coze.thing.list({ limit: 50, owner: 'o\\'brien' });");
    expect(talk!.TypeScript).toContain("const thing = await coze.thing.talk({ thing_id: 'th 1', text: 'it\\'s' });");
  });

  it('leaves out optional query parameters without a default, such as a cursor', () => {
    expect(list!.TypeScript).not.toContain('cursor');
    expect(list!.curl).toContain("'https://api.example.test/v9/things?limit=50&owner=o%27brien'");
  });

  it('iterates over every page when the response is a cursor page', () => {
    expect(list!.TypeScript).toContain("for await (const thing of coze.thing.list({ owner: 'o\\'brien' })) {");
  });

  it('streams with the stream method when the operation answers server-sent events', () => {
    expect(talk!.TypeScript).toContain("for await (const event of coze.thing.stream({\n  thing_id: 'th 1',\n");
  });

  it('puts path, query and body in openapi-fetch form', () => {
    expect(list!['openapi-fetch']).toContain(
      "await client.GET('/things', {\n  params: { query: { limit: 50, owner: 'o\\'brien' } },\n});",
    );
    expect(talk!['openapi-fetch']).toContain(
      "await client.POST('/things/{thing_id}/talk', {\n  params: { path: { thing_id: 'th 1' } },\n  body: { text: 'it\\'s' },\n});",
    );
  });

  it('sends the first request example with curl, quoted for the shell', () => {
    expect(talk!.curl).toBe(
      [
        'curl -X POST https://api.example.test/v9/things/th%201/talk \\',
        '  -H "Authorization: Bearer $COZE_API_KEY" \\',
        "  -H 'Content-Type: application/json' \\",
        `  -d '{\n    "text": "it'\\''s"\n  }'`,
      ].join('\n'),
    );
  });

  it('writes the comments in the edition’s language', () => {
    const zh = byLabel([...codeSamples(fixture, 'zh').values()][0]!);
    expect(zh.TypeScript).toContain('// 或者遍历所有分页中的每一项');
  });

  it('calls the Python SDK with keyword arguments, iterating pages and streaming with a with block', () => {
    expect(list!.Python).toContain('page = coze.thing.list(limit=50, owner="o\'brien")\nprint(page)');
    expect(list!.Python).toContain('for thing in coze.thing.list(owner="o\'brien"):\n    print(thing)');
    expect(talk!.Python).toContain('thing = coze.thing.talk(thing_id="th 1", text="it\'s")');
    expect(talk!.Python).toContain('with coze.thing.stream(thing_id="th 1", text="it\'s") as stream:\n    for event in stream:');
    expect(talk!.Python!.startsWith('import os\n\nfrom coze import CozeAPI\n\ncoze = CozeAPI(api_key=os.environ["COZE_API_KEY"])')).toBe(true);
  });

  it('refuses an operationId that names no client method', () => {
    const broken = structuredClone(fixture);
    (broken.paths['/things'].get as any).operationId = 'listThings';
    expect(() => codeSamples(broken, 'en')).toThrow(/resource\.verb/);
  });
});

describe('codeSamples on the spec', async () => {
  const spec = await readSpec();
  const samples = codeSamples(spec, 'en');

  it.each(operations(spec).map((op) => [op.operation.operationId, op] as const))('%s', (_, op) => {
    const { curl, TypeScript, 'openapi-fetch': fetch } = byLabel(samples.get(op.operation)!);
    expect(curl).toMatch(new RegExp(`^curl .*${spec.servers[0].url.replace(/[./]/g, '\\$&')}`));
    expect(curl).toContain('-H "Authorization: Bearer $COZE_API_KEY"');
    const example = firstExample(spec, op.operation.requestBody?.content?.['application/json']);
    if (example !== undefined) {
      const body = /-d '([\s\S]*)'$/.exec(curl!)![1]!.replaceAll(`'\\''`, "'");
      expect(JSON.parse(body)).toEqual(example);
    }
    expect(TypeScript).toContain(`await coze.${op.operation.operationId}(`);
    expect(fetch).toContain(`await client.${op.method.toUpperCase()}('${op.path}'`);
    expect(byLabel(samples.get(op.operation)!).Python).toContain(`= coze.${op.operation.operationId}(`);
  });
});

describe('pyLiteral and pyCall', () => {
  it('writes Python values: True, False, None, double-quoted strings', () => {
    expect(pyLiteral({ a: [1, 'x'], b: null, c: true, d: false })).toBe('{"a": [1, "x"], "b": None, "c": True, "d": False}');
  });

  it('puts one keyword argument per line, with a trailing comma, when the call does not fit', () => {
    expect(pyCall('x = f', { a: 1 })).toBe('x = f(a=1)');
    expect(pyCall('x = f', { text: 'y'.repeat(80), n: 1 })).toBe(`x = f(\n    text="${'y'.repeat(80)}",\n    n=1,\n)`);
  });

  it('names arguments as the Python SDK does', () => {
    expect([pythonName('Idempotency-Key'), pythonName('workflowId'), pythonName('from'), pythonName('limit')]).toEqual([
      'idempotency_key',
      'workflow_id',
      'from_',
      'limit',
    ]);
  });
});

describe('tsLiteral', () => {
  it('writes one line when it fits and one property per line when it does not', () => {
    expect(tsLiteral({ a: [1, 'x'], 'b-c': null })).toBe("{ a: [1, 'x'], 'b-c': null }");
    expect(tsLiteral({ text: 'y'.repeat(80), n: 1 })).toBe(`{\n  text: '${'y'.repeat(80)}',\n  n: 1,\n}`);
  });

  it('counts a Chinese character as two columns', () => {
    expect(tsLiteral({ name: '示'.repeat(30) }, 0, 10)).toContain('\n');
    expect(tsLiteral({ name: 'x'.repeat(30) }, 0, 10)).not.toContain('\n');
  });
});
