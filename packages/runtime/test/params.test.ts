import { describe, expect, it } from 'vitest';
import { RequestValidationError, buildClientParams, type FieldsConfig } from '../src/index.js';
import { PARAMETER_ERROR } from '../src/params.js';

/** The shapes the generated bindings pass (see packages/client/src/gen/hey-api/sdk.gen.ts). */
const chatCreate: FieldsConfig = [
  {
    args: [
      { in: 'headers', key: 'Idempotency-Key' },
      { in: 'body', key: 'messages' },
      { in: 'body', key: 'model' },
      { in: 'body', key: 'temperature' },
      { in: 'body', key: 'stream' },
    ],
  },
];
const workflowUpdate: FieldsConfig = [
  {
    args: [
      { in: 'path', key: 'workflow_id' },
      { in: 'headers', key: 'Idempotency-Key' },
      { in: 'body', key: 'name' },
    ],
  },
];
const workflowList: FieldsConfig = [{ args: [{ in: 'query', key: 'cursor' }, { in: 'query', key: 'limit' }] }];

describe('buildClientParams', () => {
  it('puts each flat key in its slot', () => {
    const messages = [{ role: 'user', content: '你好' }];
    expect(buildClientParams([{ messages, temperature: 0.5, 'Idempotency-Key': 'k1' }], chatCreate)).toEqual({
      body: { messages, temperature: 0.5 },
      headers: { 'Idempotency-Key': 'k1' },
    });
    expect(buildClientParams([{ workflow_id: 'w1', name: 'new' }], workflowUpdate)).toEqual({
      body: { name: 'new' },
      path: { workflow_id: 'w1' },
    });
    expect(buildClientParams([{ cursor: 'c2', limit: 10 }], workflowList)).toEqual({ query: { cursor: 'c2', limit: 10 } });
  });

  it('leaves out empty slots, but always sends a body for an operation that has body fields', () => {
    expect(buildClientParams([undefined], workflowList)).toEqual({});
    expect(buildClientParams([{}], workflowList)).toEqual({});
    expect(buildClientParams([{ workflow_id: 'w1' }], workflowUpdate)).toEqual({ body: {}, path: { workflow_id: 'w1' } });
  });

  /** The error buildClientParams leaves for the call to reject with (nothing thrown). */
  function problemOf(args: unknown[], fields: FieldsConfig): RequestValidationError | undefined {
    return buildClientParams(args, fields)[PARAMETER_ERROR];
  }

  it('refuses an unknown key with RequestValidationError naming it and the keys it accepts, returned rather than thrown', () => {
    let params: ReturnType<typeof buildClientParams> | undefined;
    expect(() => (params = buildClientParams([{ messages: [], temprature: 0.5 }], chatCreate))).not.toThrow();
    const error = params![PARAMETER_ERROR];
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error!.issues).toEqual([
      {
        field: 'temprature',
        rule: 'unknown',
        message: "Unknown parameter 'temprature': this operation accepts 'Idempotency-Key', 'messages', 'model', 'temperature', 'stream'",
      },
    ]);
    expect(error!.message).toContain("'temprature'");
    // Nothing else: no slot a caller could send by mistake.
    expect(Object.keys(params!)).toEqual([]);
  });

  it('names every unknown key, in the order given', () => {
    expect(problemOf([{ messages: [], bot_id: 'b', user: 'u' }], chatCreate)!.issues.map((issue) => issue.field)).toEqual(['bot_id', 'user']);
  });

  it('refuses parameters that are not one object of fields, showing the form', () => {
    const workflowGet: FieldsConfig = [{ args: [{ in: 'headers', key: 'Idempotency-Key' }, { in: 'path', key: 'workflow_id' }] }];
    for (const [arg, got] of [['w1', 'a string'], [7, 'a number'], [['w1'], 'an array'], [true, 'a boolean']] as const) {
      expect(problemOf([arg], workflowGet)!.issues).toEqual([
        {
          field: 'parameters',
          rule: 'type',
          message: `The parameters must be one object of named fields (such as { workflow_id: … }), not ${got}`,
        },
      ]);
    }
    expect(problemOf(['x'], [{ args: [] }])!.message).toContain('(such as { name: … })');
    expect(problemOf([null], workflowGet)).toBeUndefined();
    expect(problemOf([undefined], workflowGet)).toBeUndefined();
  });

  it('with two fields for one key, the last decides its slot, and the key is named once', () => {
    const twice: FieldsConfig = [{ args: [{ in: 'query', key: 'x' }, { in: 'body', key: 'x' }, { in: 'path', key: 'y' }] }];
    expect(buildClientParams([{ x: 1, y: 2 }], twice)).toEqual({ body: { x: 1 }, path: { y: 2 } });
    expect(problemOf([{ z: 1 }], twice)!.message).toContain("Unknown parameter 'z': this operation accepts 'x', 'y'");
  });

  it('says "none" when an operation takes no parameters', () => {
    expect(problemOf([{ x: 1 }], [{ args: [] }])!.message).toContain("Unknown parameter 'x': this operation accepts none");
  });

  it('routes $body_, $headers_, $path_ and $query_ prefixed keys to their slot, without the prefix', () => {
    expect(
      buildClientParams(
        [{ messages: [], $body_metadata: { a: 1 }, $headers_x_trace: 't', $query_debug: true, $path_region: 'cn' }],
        chatCreate,
      ),
    ).toEqual({
      body: { messages: [], metadata: { a: 1 } },
      headers: { x_trace: 't' },
      query: { debug: true },
      path: { region: 'cn' },
    });
  });

  it('maps a key to another name with `map`', () => {
    const fields: FieldsConfig = [{ args: [{ in: 'query', key: 'pageSize', map: 'page_size' }, { in: 'path', key: 'id', map: 'workflow_id' }] }];
    expect(buildClientParams([{ pageSize: 5, id: 'w1' }], fields)).toEqual({ query: { page_size: 5 }, path: { workflow_id: 'w1' } });
  });

  it('lets allowExtra take unknown keys into a slot instead of refusing them', () => {
    const fields: FieldsConfig = [{ allowExtra: { body: true }, args: [{ in: 'body', key: 'name' }] }];
    expect(buildClientParams([{ name: 'n', extra: 1 }], fields)).toEqual({ body: { name: 'n', extra: 1 } });
  });

  it('takes positional arguments too: a whole body, or a key in a slot', () => {
    expect(buildClientParams([{ a: 1 }], [{ in: 'body' }])).toEqual({ body: { a: 1 } });
    expect(buildClientParams(['w1', 10], [{ in: 'path', key: 'workflow_id' }, { in: 'query', key: 'limit' }])).toEqual({
      path: { workflow_id: 'w1' },
      query: { limit: 10 },
    });
    expect(buildClientParams(['raw text'], [{ key: 'content', map: 'body' }])).toEqual({ body: 'raw text' });
  });
  it('takes no more positional arguments than it has fields for, and leaves a missing one out', () => {
    const fields: FieldsConfig = [{ in: 'path', key: 'workflow_id' }, { in: 'query', key: 'limit' }];
    expect(buildClientParams(['w1'], fields)).toStrictEqual({ path: { workflow_id: 'w1' } });
    expect(buildClientParams([{ a: 1 }, 'surplus'], [{ in: 'body' }])).toStrictEqual({ body: { a: 1 } });
  });

  it('puts a positional body key in the same body as the object of fields', () => {
    const fields: FieldsConfig = [{ in: 'body', key: 'name' }, { args: [{ in: 'body', key: 'description' }] }];
    expect(buildClientParams(['n', { description: 'd' }], fields)).toStrictEqual({ body: { name: 'n', description: 'd' } });
  });

  it('a positional argument mapped to a slot other than the body goes there under its key', () => {
    expect(buildClientParams(['w1'], [{ key: 'workflow_id', map: 'path' }])).toStrictEqual({ path: { workflow_id: 'w1' } });
  });

  it('a field of the object mapped to a slot (not `in` one): to the body as the whole body, else under its key', () => {
    const fields: FieldsConfig = [{ args: [{ key: 'content', map: 'body' }, { key: 'pageSize', map: 'query' }] }];
    expect(buildClientParams([{ content: 'raw text', pageSize: 5 }], fields)).toStrictEqual({ body: 'raw text', query: { pageSize: 5 } });
    expect(buildClientParams([{ pageSize: 5 }], fields)).toStrictEqual({ query: { pageSize: 5 } });
  });

  it('an operation without `args` takes only extra keys: into its allowExtra slot, else refused', () => {
    expect(buildClientParams([{ x: 1 }], [{ allowExtra: { query: true } }])).toStrictEqual({ query: { x: 1 } });
    expect(problemOf([{ x: 1 }], [{}])!.issues).toEqual([{ field: 'x', rule: 'unknown', message: "Unknown parameter 'x': this operation accepts none" }]);
  });

  it('allowExtra takes unknown keys into the slot it allows, not always the body', () => {
    expect(buildClientParams([{ cursor: 'c', debug: true }], [{ allowExtra: { body: false, query: true }, args: [{ in: 'query', key: 'cursor' }] }])).toStrictEqual({
      query: { cursor: 'c', debug: true },
    });
  });

  it('a prefixed extra key sends a body only when it goes to the body', () => {
    expect(buildClientParams([{ cursor: 'c', $body_note: 'n' }], workflowList)).toStrictEqual({ body: { note: 'n' }, query: { cursor: 'c' } });
    expect(buildClientParams([{ cursor: 'c', $query_debug: true }], workflowList)).toStrictEqual({ query: { cursor: 'c', debug: true } });
  });

  it('a body field without a key is not among the keys an unknown key is told about, nor in the example', () => {
    const fields: FieldsConfig = [{ args: [{ in: 'body' }, { in: 'query', key: 'limit' }] }];
    expect(problemOf([{ x: 1 }], fields)!.issues[0]!.message).toBe("Unknown parameter 'x': this operation accepts 'limit'");
    expect(problemOf(['x'], fields)!.issues[0]!.message).toContain('(such as { limit: … })');
    expect(problemOf(['x'], [{}])!.issues[0]!.message).toContain('(such as { name: … })');
  });

  it('names a function given as the parameters', () => {
    expect(problemOf([() => undefined], workflowList)!.issues[0]!.message).toMatch(/, not a function$/);
  });

  it('collects the issues of every argument in one error', () => {
    const fields: FieldsConfig = [{ args: [{ in: 'path', key: 'id' }] }, { args: [{ in: 'query', key: 'limit' }] }];
    expect(problemOf(['w1', { limit: 1, lmit: 2 }], fields)!.issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ['parameters', 'type'],
      ['lmit', 'unknown'],
    ]);
  });

  it('positional fields (one argument each, as the generator can also emit): a keyed one fills its slot, a keyless body one is the body', () => {
    const positional: FieldsConfig = [{ in: 'path', key: 'workflow_id' }, { in: 'query', key: 'limit', map: 'page_size' }, { in: 'body' }];
    expect(buildClientParams(['w1', 20, { name: 'new' }], positional)).toEqual({
      path: { workflow_id: 'w1' },
      query: { page_size: 20 },
      body: { name: 'new' },
    });
    // A keyless field of another slot has no name to put its value under: it is left out, not sent as `undefined=…`.
    expect(buildClientParams(['x'], [{ in: 'query' } as never])).toEqual({});
  });

  it('a field spelled with `in: undefined` is read by its map, as one without `in`', () => {
    const fields = [{ args: [{ in: undefined, key: 'cursor', map: 'query' } as never] }];
    expect(buildClientParams([{ cursor: 'c2' }], fields)).toEqual({ query: { cursor: 'c2' } });
  });
});
