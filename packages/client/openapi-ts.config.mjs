// hey-api's part of `pnpm generate` (scripts/generate.mjs): only that script runs it, because it also polishes
// the output (scripts/sdk-signatures.mjs). There is no default export, so `openapi-ts` alone cannot skip that.
import { clientDefaultConfig, clientDefaultMeta, clientPluginHandler, definePluginConfig } from '@hey-api/openapi-ts';

/**
 * The generated bindings call `@coze/runtime` instead of a bundled fetch client: the runtime is the
 * client (auth, rate limit, retries, timeouts, errors), and no second HTTP stack ships to users.
 */
const cozeRuntime = definePluginConfig({
  ...clientDefaultMeta,
  config: { ...clientDefaultConfig, bundle: false },
  handler: clientPluginHandler,
  name: '@coze/runtime',
});

/**
 * TypeScript names for schemas whose own name would shadow a global in users' code: a type `Error` exported
 * from the client hides the global `Error` wherever someone writes `import type * as Coze`-style imports or
 * auto-imports it. generate.mjs refuses a schema that shadows a global and is not listed here.
 */
export const TYPE_NAMES = { Error: 'ErrorBody' };

/**
 * The spec as hey-api should read it: parameter components inlined where they are used, so they do not become
 * exported types of their own (`IdempotencyKey = string`, and `WorkflowId2` beside the schema `WorkflowId`).
 *
 * @param {any} spec the parsed spec
 */
export function forHeyApi(spec) {
  const copy = structuredClone(spec);
  const parameters = copy.components?.parameters ?? {};
  const inline = (list) =>
    list?.map((parameter) =>
      typeof parameter.$ref === 'string' && parameter.$ref.startsWith('#/components/parameters/')
        ? structuredClone(parameters[parameter.$ref.slice('#/components/parameters/'.length)])
        : parameter,
    );
  for (const item of Object.values(copy.paths ?? {})) {
    if (item.parameters) item.parameters = inline(item.parameters);
    for (const operation of Object.values(item)) {
      if (operation && typeof operation === 'object' && Array.isArray(operation.parameters)) {
        operation.parameters = inline(operation.parameters);
      }
    }
  }
  if (copy.components) delete copy.components.parameters;
  return copy;
}

/**
 * @param {any} spec the parsed spec, as {@link forHeyApi} prepares it
 * @param {string} output
 */
export function heyApiConfig(spec, output) {
  return {
    input: spec,
    // Only the files src/ imports; no entry file re-exporting them under renamed names.
    output: { path: output, tsConfigPath: new URL('./tsconfig.json', import.meta.url).pathname, entryFile: false },
    logs: { level: 'silent' },
    plugins: [
      { name: '@hey-api/typescript', definitions: { name: (name) => TYPE_NAMES[name] ?? name } },
      cozeRuntime({ throwOnError: true }),
      {
        name: '@hey-api/sdk',
        client: '@coze/runtime',
        // `chat.create` → coze.chat.create(): one class per resource, reached from one root class.
        operations: { strategy: 'single', containerName: 'CozeSdk', nesting: 'operationId' },
        // One flat argument per call: path, query, header parameters and body fields together.
        paramsStructure: 'flat',
        responseStyle: 'data',
      },
    ],
  };
}
