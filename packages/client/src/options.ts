import { CozeError, createClient, createConfig, type ApiKey, type Client, type RuntimeOptions } from '@coze/runtime';
import { client as generatedClient } from './gen/hey-api/@coze/runtime.gen.js';
import { validateRequest } from './validation.js';

/** Options of `new CozeAPI()` and `createFetchClient()`. */
export interface CozeAPIOptions extends Omit<RuntimeOptions, 'validate' | 'apiKey'> {
  /**
   * The bearer token, or a sync or async function returning one (asked before every attempt, for
   * rotating tokens). @default process.env.COZE_API_KEY
   */
  apiKey?: ApiKey;
  /** @default process.env.COZE_BASE_URL, else the spec's server, https://api.coze.cn/v1 */
  baseURL?: string;
  /** Check input against the API contract before sending. @default true */
  validateRequests?: boolean;
}

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === '' ? undefined : value;
}

/** A runtime client with this SDK's defaults: the spec's server, the environment's token, validation. */
export function createRuntimeClient(options: CozeAPIOptions): Client {
  const { baseURL, validateRequests, ...runtime } = options;
  const apiKey = options.apiKey === '' ? undefined : (options.apiKey ?? env('COZE_API_KEY'));
  if (apiKey === undefined) {
    throw new CozeError('No API key: pass `apiKey` to the client or set the COZE_API_KEY environment variable.');
  }
  return createClient(
    createConfig({
      ...runtime,
      apiKey,
      baseUrl: baseURL ?? env('COZE_BASE_URL') ?? generatedClient.getConfig().baseUrl,
      ...(validateRequests === false ? {} : { validate: validateRequest }),
    }),
  );
}
