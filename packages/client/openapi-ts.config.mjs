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

/** @param {string} output */
export function heyApiConfig(input, output) {
  return {
    input,
    output: { path: output, tsConfigPath: new URL('./tsconfig.json', import.meta.url).pathname },
    logs: { level: 'silent' },
    plugins: [
      '@hey-api/typescript',
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

export default heyApiConfig('../../spec/coze.v1.yaml', 'src/gen/hey-api');
