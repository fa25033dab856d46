// Turns hey-api's SDK into the methods users see. hey-api 0.95 writes each method as
//   create<ThrowOnError extends boolean = true>(parameters: { …inline, undocumented… }, options?: Options<never, ThrowOnError>)
// whose generic does nothing with our runtime (it always throws), whose options type collides with the runtime's
// `Options` in the bundled .d.ts (`Options$1`), and whose parameters carry no documentation. This rewrites each to
//   create(parameters: ChatCreateParams, options?: RequestOptions)
// with `ChatCreateParams` an exported interface (in types.gen.ts) whose every field has its description and
// constraints from the spec, so an editor shows them on hover. Resource classes are named `ChatResource`, apart
// from the `Chat` type (the bundled .d.ts renamed one of them `Chat$1`), and hey-api's static registry of the last
// instance goes. Every rewrite checks that hey-api's output still has the shape it expects and fails otherwise.
import { HTTP_METHODS } from './operation-ids.mjs';

const METHOD_HEADER =
  /^ {4}public (\w+)<ThrowOnError extends boolean = true>\((?:parameters(\??): \{\n([\s\S]*?)\n {4}\}, )?options\?: Options<never, ThrowOnError>\) \{\n/gm;

/** Replaces `search` in `text` exactly `count` times, or fails naming what hey-api no longer writes. */
function replaceExactly(text, search, replacement, count = 1) {
  const found = text.split(search).length - 1;
  if (found !== count) {
    throw new Error(`sdk-signatures: expected ${count} × ${JSON.stringify(search.slice(0, 80))} in hey-api's output, found ${found}; has @hey-api/openapi-ts changed?`);
  }
  return text.split(search).join(replacement);
}

/** Removes the block that starts with `start` and ends with the first `end` after it. */
function removeBlock(text, start, end) {
  const from = text.indexOf(start);
  const to = from === -1 ? -1 : text.indexOf(end, from);
  if (to === -1) throw new Error(`sdk-signatures: hey-api's output has no ${JSON.stringify(start)} … ${JSON.stringify(end)}; has @hey-api/openapi-ts changed?`);
  return text.slice(0, from) + text.slice(to + end.length);
}

const escapeComment = (text) => text.replace(/\*\//g, '*\\/');

/** A JSDoc block at `indent`, from lines of text (a blank string is an empty line). */
function jsdoc(lines, indent) {
  const body = lines.flatMap((line) => line.split('\n')).map((line) => `${indent} *${line ? ` ${escapeComment(line)}` : ''}`);
  return `${indent}/**\n${body.join('\n')}\n${indent} */\n`;
}

function resolve(spec, node) {
  let current = node;
  for (let i = 0; i < 16 && typeof current?.$ref === 'string'; i++) {
    current = current.$ref.split('/').slice(1).reduce((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}

const CONSTRAINTS = ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'format'];

/** The JSDoc lines of one field: its description, then its constraints and default as tags. */
function fieldDoc(spec, described, schemaNode) {
  const schema = resolve(spec, schemaNode) ?? {};
  const description = (described?.description ?? schemaNode?.description ?? schema.description ?? '').trim();
  const tags = CONSTRAINTS.filter((key) => schema[key] !== undefined).map((key) => `@${key} ${schema[key]}`);
  if (schema.default !== undefined) tags.push(`@default ${JSON.stringify(schema.default)}`);
  return description && tags.length > 0 ? [description, '', ...tags] : description ? [description] : tags;
}

/**
 * Body properties marked `x-stream-switch` turn the answer into an event stream: the SDK offers that as a method of
 * its own (`chat.stream`), so the JSON method's parameters leave them out.
 */
function streamSwitches(spec, operation) {
  const body = resolve(spec, operation.requestBody?.content?.['application/json']?.schema);
  return new Set(Object.entries(body?.properties ?? {}).filter(([, p]) => p?.['x-stream-switch'] === true).map(([name]) => name));
}

/** The documented fields of an operation's one flat argument: parameters by name, then JSON body properties. */
function operationFields(spec, pathItem, operation) {
  const fields = new Map();
  for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolve(spec, p))) {
    fields.set(parameter.name, fieldDoc(spec, parameter, parameter.schema));
  }
  const body = resolve(spec, operation.requestBody?.content?.['application/json']?.schema);
  for (const [name, property] of Object.entries(body?.properties ?? {})) fields.set(name, fieldDoc(spec, property, property));
  return fields;
}

/**
 * Whether every success answer of an operation is JSON: its method then tells the runtime so (`parseAs: 'json'`), and
 * an empty or non-JSON 2xx body is an UnexpectedResponseError, not `undefined` or a string where its type promises data.
 */
function promisesJson(spec, operation) {
  const successes = Object.entries(operation.responses ?? {})
    .filter(([status]) => /^2(\d\d|XX)$/.test(status))
    .map(([, response]) => resolve(spec, response));
  return successes.length > 0 && successes.every((response) => response?.content?.['application/json'] !== undefined);
}

/** Finds the operation of a method from the HTTP verb and URL template in its body. */
function findOperation(spec, verb, url) {
  const pathItem = spec.paths?.[url];
  const operation = pathItem?.[verb];
  if (!operation || !HTTP_METHODS.includes(verb)) throw new Error(`sdk-signatures: no operation ${verb.toUpperCase()} ${url} in the spec`);
  return { pathItem, operation };
}

/**
 * @param {{ sdk: string, types: string, spec: any }} input the text of sdk.gen.ts and types.gen.ts, and the spec
 * @returns {{ sdk: string, types: string }}
 */
export function polishSdk({ sdk, types, spec }) {
  let out = sdk;
  out = replaceExactly(
    out,
    "import { buildClientParams, type Client, type Options as Options2, type TDataShape } from '@coze/runtime';",
    "import { buildClientParams, type Client, type RequestOptions } from '@coze/runtime';",
  );
  out = removeBlock(out, 'export type Options<TData extends TDataShape', '\n};\n\n');
  out = removeBlock(out, 'class HeyApiRegistry<T> {', '\n}\n\n');
  out = replaceExactly(out, '    public static readonly __registry = new HeyApiRegistry<CozeSdk>();\n    \n', '');
  out = replaceExactly(out, '        client?: Client;\n        key?: string;\n', '        client?: Client;\n');
  out = replaceExactly(out, '        CozeSdk.__registry.set(this, args?.key);\n', '');

  const resources = [...out.matchAll(/^export class (\w+) extends HeyApiClient \{$/gm)].map((m) => m[1]).filter((name) => name !== 'CozeSdk');
  if (resources.length === 0) throw new Error("sdk-signatures: found no resource class in hey-api's output; has @hey-api/openapi-ts changed?");
  for (const name of resources) {
    const renamed = `${name}Resource`;
    const field = name[0].toLowerCase() + name.slice(1);
    out = replaceExactly(out, `export class ${name} extends HeyApiClient {`, `export class ${renamed} extends HeyApiClient {`);
    out = replaceExactly(out, `    private _${field}?: ${name};\n    get ${field}(): ${name} {\n        return this._${field} ??= new ${name}({`,
      `    private _${field}?: ${renamed};\n    get ${field}(): ${renamed} {\n        return this._${field} ??= new ${renamed}({`);
  }

  const params = [];
  const methods = [...out.matchAll(METHOD_HEADER)];
  if (methods.length === 0) throw new Error("sdk-signatures: found no method in hey-api's output; has @hey-api/openapi-ts changed?");
  const pieces = [];
  let last = 0;
  for (const match of methods) {
    const [header, name, optional = '', literal] = match;
    const bodyStart = match.index + header.length;
    const body = out.slice(bodyStart, out.indexOf('\n    }\n', bodyStart));
    const call = /\.(\w+)<(\w+)Responses, \w+Errors, ThrowOnError, 'data'>\(\{/.exec(body);
    const url = /\burl: '([^']+)'/.exec(body);
    if (!call || !url) throw new Error(`sdk-signatures: cannot read the request of method ${name}; has @hey-api/openapi-ts changed?`);
    const [, verb, base] = call;
    const { pathItem, operation } = findOperation(spec, verb, url[1]);
    let argument = '';
    if (literal !== undefined) {
      const typeName = `${base}Params`;
      const docs = operationFields(spec, pathItem, operation);
      const switches = streamSwitches(spec, operation);
      // The literal's own fields sit at 8 spaces; nested object types deeper. Each field gets its doc.
      const fields = literal
        .split('\n')
        .filter((line) => !switches.has(/^ {8}(\w+)\??: /.exec(line)?.[1] ?? ''))
        .map((line) => {
          const field = /^ {8}('[^']+'|\w+)\??: /.exec(line);
          const key = field?.[1].replace(/^'|'$/g, '');
          const doc = key !== undefined && docs.get(key)?.length ? jsdoc(docs.get(key), '    ') : '';
          return `${doc}${line.slice(4)}`;
        })
        .join('\n');
      params.push(
        `${jsdoc([`The parameters of \`coze.${operation.operationId}()\`: its path, query and header parameters and its body's fields, in one object.`], '')}` +
          `export interface ${typeName} {\n${fields}\n}\n`,
      );
      argument = `parameters${optional}: ${typeName}, `;
    }
    const parsed = promisesJson(spec, operation)
      ? replaceExactly(body, "\n            responseStyle: 'data',\n", "\n            responseStyle: 'data',\n            parseAs: 'json',\n")
      : body;
    pieces.push(out.slice(last, match.index), `    public ${name}(${argument}options?: RequestOptions) {\n`, parsed);
    last = bodyStart + body.length;
  }
  out = pieces.join('') + out.slice(last);
  out = replaceExactly(out, ", ThrowOnError, 'data'>({", ", true, 'data'>({", methods.length);
  out = replaceExactly(out, '(options?.client ?? this.client).', 'this.client.', methods.length);
  // A caller's options are checked before they join the request: after, a `url`, `security` or `body` passed among
  // them (plain JavaScript, or a cast) could not be told from the binding's own, and would change what is sent.
  out = replaceExactly(out, '\n            ...options,\n', '\n            ...callOptions(options),\n', methods.length);
  out = replaceExactly(out, "import { client } from './@coze/runtime.gen.js';", "import { callOptions } from '../../call-options.js';\nimport { client } from './@coze/runtime.gen.js';");
  if (/ThrowOnError|Options</.test(out)) throw new Error('sdk-signatures: hey-api wrote a ThrowOnError or Options<…> this script does not rewrite');

  const polishedTypes = `${types.trimEnd()}\n\n${params.join('\n')}`;
  // Import from types.gen.ts exactly the names the rewritten SDK uses.
  const exported = new Set([...polishedTypes.matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]));
  const importLine = /^import type \{[^}]*\} from '\.\/types\.gen\.js';$/m;
  if (!importLine.test(out)) throw new Error("sdk-signatures: sdk.gen.ts does not import from './types.gen.js'; has @hey-api/openapi-ts changed?");
  const withoutImport = out.replace(importLine, '');
  const used = [...exported].filter((name) => new RegExp(`\\b${name}\\b`).test(withoutImport)).sort();
  out = out.replace(importLine, `import type { ${used.join(', ')} } from './types.gen.js';`);
  return { sdk: out, types: `${polishedTypes}` };
}
