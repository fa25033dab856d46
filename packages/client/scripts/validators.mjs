// Compiles one ajv validator per operation from the spec into self-contained code: the published
// client validates input before sending without shipping ajv (its runtime helpers are inlined).
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import * as esbuild from 'esbuild';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SLOT = { path: 'path', query: 'query', header: 'headers' };

/** Rewrites `#/components/schemas/X` to the shared `urn:coze:spec#/$defs/X` and inlines `#/components/parameters/X`. */
function rewriteRefs(value) {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/schemas/')) {
      out.$ref = `urn:coze:spec#/$defs/${item.slice('#/components/schemas/'.length)}`;
    } else if (key !== 'discriminator' && key !== 'example') {
      out[key] = rewriteRefs(item);
    }
  }
  return out;
}

function resolveParameter(spec, parameter) {
  if (!parameter.$ref) return parameter;
  return spec.components.parameters[parameter.$ref.slice('#/components/parameters/'.length)];
}

function operationSchema(spec, pathItem, operation) {
  const properties = {};
  const required = [];
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
    resolveParameter(spec, p),
  );
  for (const location of Object.keys(SLOT)) {
    const own = parameters.filter((p) => p.in === location);
    if (own.length === 0) continue;
    const slot = SLOT[location];
    properties[slot] = {
      type: 'object',
      properties: Object.fromEntries(own.map((p) => [p.name, rewriteRefs(p.schema)])),
      required: own.filter((p) => p.required).map((p) => p.name),
    };
    if (own.some((p) => p.required)) required.push(slot);
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) {
    properties.body = rewriteRefs(body);
    if (operation.requestBody.required) required.push('body');
  }
  return { $id: `urn:coze:op:${operation.operationId}`, type: 'object', properties, required };
}

/** Returns the TypeScript source of `validators.gen.ts`. */
export async function generateValidators(spec, packageDir) {
  const ajv = new Ajv2020({
    strict: false,
    messages: false,
    code: { source: true, esm: true, lines: true },
  });
  // OpenAPI's integer formats are annotations here: the spec bounds every integer with minimum and maximum,
  // which the validators check, so no format code needs to ship.
  for (const format of ['int32', 'int64']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'urn:coze:spec', $defs: rewriteRefs(spec.components.schemas) });
  const exportsByName = {};
  const keys = [];
  for (const [path, pathItem] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const name = operation.operationId.replace(/[^A-Za-z0-9]/g, '_');
      ajv.addSchema(operationSchema(spec, pathItem, operation));
      exportsByName[name] = `urn:coze:op:${operation.operationId}`;
      keys.push([`${method.toUpperCase()} ${path}`, name]);
    }
  }
  const standalone = standaloneCode(ajv, exportsByName);
  const built = await esbuild.build({
    stdin: { contents: standalone, resolveDir: packageDir, sourcefile: 'validators.mjs' },
    absWorkingDir: packageDir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    legalComments: 'none',
  });
  const code = built.outputFiles[0].text;
  const table = keys.map(([key, name]) => `  ${JSON.stringify(key)}: ${name},`).join('\n');
  return (
    '// @ts-nocheck -- ajv standalone output, compiled from the spec by scripts/validators.mjs.\n' +
    code +
    `\n/** The input validator of each operation, by "METHOD /path template". */\n` +
    `export const validators = {\n${table}\n};\n`
  );
}
