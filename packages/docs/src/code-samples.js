// Code samples (`x-codeSamples`) for every operation, made from the spec itself: the operationId names the
// client method, the parameters' examples fill path and query, and the first request example is the body.
// Nothing here knows a Coze path, so a new operation gets its samples without a change here.

import { deref, firstExample, operations, refName } from './openapi.js';
import { pyCall, pythonName } from './py-literal.js';
import { tsLiteral } from './ts-literal.js';

/** Comments inside the samples, per edition. */
const COMMENTS = {
  en: {
    pages: 'Or every item, across pages: the next page is fetched as you iterate.',
    stream: 'Or stream the reply as server-sent events.',
  },
  zh: {
    pages: '或者遍历所有分页中的每一项：迭代到哪一页，就请求哪一页。',
    stream: '或者以服务器发送事件（SSE）流式接收回复。',
  },
};

const CLIENT_IMPORT = "import { CozeAPI } from '@coze/client';";
const CLIENT_NEW = 'const coze = new CozeAPI({ apiKey: process.env.COZE_API_KEY });';
const FETCH_IMPORT = "import { createFetchClient } from '@coze/client/fetch';";
const FETCH_NEW = 'const client = createFetchClient({ apiKey: process.env.COZE_API_KEY });';
const PYTHON_HEAD = ['import os', '', 'from coze import CozeAPI', '', 'coze = CozeAPI(api_key=os.environ["COZE_API_KEY"])', ''];

function lowerCamel(name) {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function shellQuote(text) {
  return /^[\w/:.,=~@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * What a sample needs to know about one operation, read from the spec.
 *
 * @param {any} doc
 * @param {ReturnType<typeof operations>[number]} op
 */
export function describeOperation(doc, op) {
  const { path, method, operation, parameters } = op;
  if (!/^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*$/.test(operation.operationId ?? '')) {
    throw new Error(`${method.toUpperCase()} ${path}: the operationId must read 'resource.verb', got '${operation.operationId}'`);
  }
  const [resource, verb] = operation.operationId.split('.');
  const example = (param) => {
    const value = firstExample(doc, param);
    if (value === undefined) throw new Error(`${operation.operationId}: parameter '${param.name}' needs an example`);
    return value;
  };
  const pathParams = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, example(p)]));
  // Query parameters a caller usually sets: the required ones, and those whose default a caller tunes
  // (a page size). Context-bound ones such as a cursor would make a first call wrong.
  const query = parameters.filter((p) => p.in === 'query');
  const queryParams = Object.fromEntries(
    query.filter((p) => p.required || deref(doc, p.schema)?.default !== undefined).map((p) => [p.name, example(p)]),
  );
  const requiredQueryParams = Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, example(p)]));

  const requestBody = deref(doc, operation.requestBody);
  const json = requestBody?.content?.['application/json'];
  let body;
  if (json) {
    body = firstExample(doc, { example: json.example, examples: json.examples });
    if (body === undefined) throw new Error(`${operation.operationId}: the JSON request body needs an example`);
  }

  const success = Object.entries(operation.responses ?? {}).find(([status]) => /^2/.test(status));
  const response = success && deref(doc, success[1]);
  const responseSchemaRef = response?.content?.['application/json']?.schema;
  const responseSchema = deref(doc, responseSchemaRef);
  const bodySchema = deref(doc, json?.schema);

  const itemsSchemaRef = responseSchema?.properties?.data?.items;
  const paginated =
    parameters.some((p) => p.in === 'query' && p.name === 'cursor') &&
    responseSchema?.properties?.data?.type === 'array' &&
    'has_more' in (responseSchema?.properties ?? {}) &&
    'next_cursor' in (responseSchema?.properties ?? {});
  const streams =
    Boolean(response?.content?.['text/event-stream']) && deref(doc, bodySchema?.properties?.stream)?.type === 'boolean';

  return {
    path,
    method,
    resource,
    verb,
    pathParams,
    queryParams,
    requiredQueryParams,
    body,
    resultName: paginated ? 'page' : lowerCamel(refName(responseSchemaRef) ?? 'result'),
    itemName: lowerCamel(refName(itemsSchemaRef) ?? 'item'),
    paginated,
    streams,
  };
}

/** @param {string} baseUrl @param {ReturnType<typeof describeOperation>} d */
export function curlSample(baseUrl, d) {
  const path = d.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(d.pathParams[name])));
  const query = new URLSearchParams(Object.entries(d.queryParams).map(([k, v]) => [k, String(v)])).toString();
  const url = `${baseUrl}${path}${query ? `?${query}` : ''}`;
  const lines = [d.method === 'get' ? `curl ${shellQuote(url)}` : `curl -X ${d.method.toUpperCase()} ${shellQuote(url)}`];
  // Double quotes, so that the shell expands the variable.
  lines.push('-H "Authorization: Bearer $COZE_API_KEY"');
  if (d.body !== undefined) {
    lines.push("-H 'Content-Type: application/json'");
    lines.push(`-d ${shellQuote(JSON.stringify(d.body, null, 2).replace(/\n/g, '\n  '))}`);
  }
  return lines.join(' \\\n  ');
}

/** `prefix target(args)`, with `args` printed knowing the column it starts at. */
function call(prefix, target, args) {
  const head = `${prefix}${target}(`;
  return Object.keys(args).length === 0
    ? `${prefix}${target}()`
    : `${head}${tsLiteral(args, 0, head.length)})`;
}

/** @param {ReturnType<typeof describeOperation>} d @param {'en' | 'zh'} lang */
export function typescriptSample(d, lang) {
  const args = { ...d.pathParams, ...d.queryParams, ...(d.body ?? {}) };
  const method = `coze.${d.resource}.${d.verb}`;
  const lines = [CLIENT_IMPORT, '', CLIENT_NEW, ''];
  lines.push(`${call(`const ${d.resultName} = await `, method, args)};`, `console.log(${d.resultName});`);
  if (d.paginated) {
    lines.push('', `// ${COMMENTS[lang].pages}`);
    const required = { ...d.pathParams, ...d.requiredQueryParams };
    lines.push(`${call(`for await (const ${d.itemName} of `, method, required)}) {`);
    lines.push(`  console.log(${d.itemName});`, '}');
  }
  if (d.streams) {
    // The stream method sets `stream` itself.
    const { stream: _stream, ...streamArgs } = args;
    lines.push('', `// ${COMMENTS[lang].stream}`);
    lines.push(`${call('for await (const event of ', `coze.${d.resource}.stream`, streamArgs)}) {`);
    lines.push('  console.log(event.event, event.data);', '}');
  }
  return lines.join('\n');
}

/** @param {ReturnType<typeof describeOperation>} d @param {'en' | 'zh'} lang */
export function pythonSample(d, lang) {
  const args = { ...d.pathParams, ...d.queryParams, ...(d.body ?? {}) };
  const method = `coze.${pythonName(d.resource)}.${pythonName(d.verb)}`;
  const result = d.paginated ? 'page' : pythonName(d.resultName);
  const lines = [...PYTHON_HEAD, `${pyCall(`${result} = ${method}`, args)}`, `print(${result})`];
  if (d.paginated) {
    lines.push('', `# ${COMMENTS[lang].pages}`);
    const required = { ...d.pathParams, ...d.requiredQueryParams };
    const item = pythonName(d.itemName);
    lines.push(`${pyCall(`for ${item} in ${method}`, required)}:`, `    print(${item})`);
  }
  if (d.streams) {
    // The stream method sets `stream` itself.
    const { stream: _stream, ...streamArgs } = args;
    lines.push('', `# ${COMMENTS[lang].stream}`);
    lines.push(`with ${pyCall(`coze.${pythonName(d.resource)}.stream`, streamArgs)} as stream:`);
    lines.push('    for event in stream:', '        print(event.event, event.data)');
  }
  return lines.join('\n');
}

/** @param {ReturnType<typeof describeOperation>} d */
export function fetchSample(d) {
  const params = {};
  if (Object.keys(d.pathParams).length) params.path = d.pathParams;
  if (Object.keys(d.queryParams).length) params.query = d.queryParams;
  const init = {};
  if (Object.keys(params).length) init.params = params;
  if (d.body !== undefined) init.body = d.body;
  const target = `client.${d.method.toUpperCase()}`;
  const pathLiteral = tsLiteral(d.path);
  const head = `const { data, error } = await ${target}(${pathLiteral}`;
  const request = Object.keys(init).length ? `${head}, ${tsLiteral(init, 0, head.length + 2)});` : `${head});`;
  return [
    FETCH_IMPORT,
    '',
    FETCH_NEW,
    '',
    request,
    'if (error) {',
    '  console.error(error);',
    '} else {',
    '  console.log(data);',
    '}',
  ].join('\n');
}

/**
 * The `x-codeSamples` of every operation.
 *
 * @param {any} doc a bundled OpenAPI document (internal `$ref`s only)
 * @param {'en' | 'zh'} lang the language of the comments
 * @returns {Map<any, Array<{ lang: string, label: string, source: string }>>} by operation object
 */
export function codeSamples(doc, lang) {
  const baseUrl = doc.servers?.[0]?.url;
  if (!baseUrl) throw new Error('The spec names no server: the curl samples need its URL');
  const samples = new Map();
  for (const op of operations(doc)) {
    const d = describeOperation(doc, op);
    samples.set(op.operation, [
      { lang: 'Shell', label: 'curl', source: curlSample(baseUrl, d) },
      { lang: 'TypeScript', label: 'TypeScript', source: typescriptSample(d, lang) },
      { lang: 'TypeScript', label: 'openapi-fetch', source: fetchSample(d) },
      { lang: 'Python', label: 'Python', source: pythonSample(d, lang) },
    ]);
  }
  return samples;
}

/** Adds `x-codeSamples` to every operation of `doc`, in place. */
export function addCodeSamples(doc, lang) {
  for (const [operation, samples] of codeSamples(doc, lang)) operation['x-codeSamples'] = samples;
  return doc;
}
