import {
  CozeError,
  checkLogging,
  createCallClient,
  createConfig,
  detectPlatform,
  rejectUnknownOptions,
  type ApiKey,
  type Client,
  type Config,
  type LogLevel,
  type RuntimeOptions,
} from '@coze/runtime';
import { client as generatedClient } from './gen/hey-api/@coze/runtime.gen.js';
import { identityHeaders } from './identity.js';
import { validateRequest } from './validation.js';

/** Options of `new CozeAPI()` and `createFetchClient()`. */
export interface CozeAPIOptions extends Omit<RuntimeOptions, 'validate' | 'apiKey' | 'logLevel' | 'logName' | 'apiKeySource' | 'basePath'> {
  /**
   * The bearer token, or a sync or async function returning one (asked before every attempt, for
   * rotating tokens). In a browser, pass a function that fetches a short-lived token from your
   * backend: a string is refused there unless `dangerouslyAllowBrowser` is set.
   * @default process.env.COZE_API_KEY
   */
  apiKey?: ApiKey;
  /** @default process.env.COZE_BASE_URL, else the spec's server, https://api.coze.cn/v1 (an empty string is read as unset) */
  baseURL?: string;
  /** Check input against the API contract before sending. @default true */
  validateRequests?: boolean;
  /**
   * What the client logs, through `logger`: `'error'` a line per failed call, `'warn'` also per call
   * that needed retries, `'info'` a line per call (method, path, status, elapsed time, attempts,
   * request id), `'debug'` also every attempt with its headers and body (cut at 2,000 characters),
   * every retry with its reason and wait, and every wait for a rate-limit token. The token is
   * redacted from every line.
   * @default process.env.COZE_LOG, else 'off'
   * @example new CozeAPI({ logLevel: 'debug' }) // or COZE_LOG=debug node app.js
   */
  logLevel?: LogLevel;
  /**
   * Allow a static string `apiKey` in a browser. The token then ships to every visitor of the page,
   * who can use it with all its permissions: only for pages whose every visitor may hold it.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

// Every option, checked by the compiler against CozeAPIOptions in both directions.
const OPTION_NAMES = Object.keys({
  apiKey: true,
  baseURL: true,
  validateRequests: true,
  dangerouslyAllowBrowser: true,
  timeout: true,
  maxRetries: true,
  rateLimit: true,
  fetch: true,
  defaultHeaders: true,
  allowInsecureBaseURL: true,
  hooks: true,
  maxResponseBytes: true,
  proxy: true,
  fetchOptions: true,
  logLevel: true,
  logger: true,
} satisfies Record<keyof CozeAPIOptions, true>);

const BROWSER_KEY_REFUSED =
  'A string `apiKey` in a browser would ship your token to every visitor of the page. Pass `apiKey` as an ' +
  'async function that fetches a short-lived token from your backend, or set `dangerouslyAllowBrowser: true` ' +
  'if every visitor of this page may hold the token.';

/** The variables this runtime refused to read (Deno without --allow-env): a message about them says so. */
const refusedVariables = new Set<string>();

function env(name: string): string | undefined {
  let value: string | undefined;
  try {
    value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    // Deno without --allow-env refuses to read it: as if it were not set.
    refusedVariables.add(name);
    value = undefined;
  }
  return value === '' ? undefined : value;
}

/** What a client made without a key is told: where a key can come from in this runtime. */
function noKey(): string {
  if (typeof (globalThis as { process?: { env?: unknown } }).process?.env !== 'object') {
    // A browser or a Worker: no environment variables to read it from.
    return 'No API key: pass `apiKey` to the client (there are no environment variables here to read COZE_API_KEY from).';
  }
  return (
    'No API key: pass `apiKey` to the client or set the COZE_API_KEY environment variable' +
    (refusedVariables.has('COZE_API_KEY') ? ' (this runtime refused to read it: on Deno, allow it with --allow-env=COZE_API_KEY).' : '.')
  );
}

/** The spec's server: its URL is the default base URL, its path (`/v1`) what every operation's URL starts with. */
const SPEC_SERVER = generatedClient.getConfig().baseUrl!;

/** The log level: the option, else COZE_LOG (checked here, so that a bad value names the variable). */
function logLevelOf(option: LogLevel | undefined): LogLevel | undefined {
  if (option !== undefined) return option;
  const fromEnv = env('COZE_LOG')?.trim().toLowerCase();
  if (fromEnv !== undefined) checkLogging(fromEnv, undefined, 'COZE_LOG');
  return fromEnv as LogLevel | undefined;
}

/**
 * A runtime client with this SDK's defaults: the spec's server, the environment's token, validation,
 * the SDK's identity header. Misspelt options and a browser-exposed token fail here, before any request.
 *
 * @param create the runtime's factory: createClient when the caller needs `client.fetch` (the /fetch
 * entry); else createCallClient, without it, which keeps that code out of CozeAPI apps' bundles
 */
export function createRuntimeClient(options: CozeAPIOptions, create: (config: Config) => Client = createCallClient): Client {
  rejectUnknownOptions(options, OPTION_NAMES, 'the Coze client');
  const { baseURL, validateRequests, dangerouslyAllowBrowser, defaultHeaders, logLevel, ...runtime } = options;
  const given = options.apiKey === '' ? undefined : options.apiKey;
  const apiKey = given ?? env('COZE_API_KEY');
  if (apiKey === undefined) throw new CozeError(noKey());
  if (typeof apiKey === 'string' && dangerouslyAllowBrowser !== true && detectPlatform().browser) {
    throw new CozeError(BROWSER_KEY_REFUSED);
  }
  const client = create(
    createConfig({
      ...runtime,
      apiKey,
      apiKeySource:
        given === undefined ? 'the COZE_API_KEY environment variable' : typeof given === 'function' ? 'the `apiKey` function' : 'the `apiKey` option',
      // An empty string (an unset variable passed along) is read as unset, as an empty apiKey is.
      baseUrl: (baseURL === '' ? undefined : baseURL) ?? env('COZE_BASE_URL') ?? SPEC_SERVER,
      basePath: new URL(SPEC_SERVER).pathname,
      logLevel: logLevelOf(logLevel),
      logName: '[coze]',
      // The caller's headers win, User-Agent included.
      defaultHeaders: { ...identityHeaders(), ...defaultHeaders },
      ...(validateRequests === false ? {} : { validate: validateRequest }),
    }),
  );
  return client;
}

/** What `withOptions()` may change: how calls behave, not where they go nor whose bucket they spend. */
export type CozeAPIDerivedOptions = Pick<
  CozeAPIOptions,
  'timeout' | 'maxRetries' | 'maxResponseBytes' | 'defaultHeaders' | 'hooks' | 'logLevel' | 'logger' | 'validateRequests'
>;

const DERIVED_OPTION_NAMES = Object.keys({
  timeout: true,
  maxRetries: true,
  maxResponseBytes: true,
  defaultHeaders: true,
  hooks: true,
  logLevel: true,
  logger: true,
  validateRequests: true,
} satisfies Record<keyof CozeAPIDerivedOptions, true>);

/**
 * The runtime client of `coze.withOptions()`: the parent's, with these options changed, sharing its
 * rate-limit bucket and connections. Headers add to the parent's; anything else replaces its value.
 */
export function deriveRuntimeClient(parent: Client, options: CozeAPIDerivedOptions): Client {
  const shared = OPTION_NAMES.filter((name) => name in options && !DERIVED_OPTION_NAMES.includes(name));
  if (shared.length > 0) {
    throw new CozeError(
      `withOptions() cannot change ${shared.map((name) => `\`${name}\``).join(', ')}: the client it returns shares this ` +
        "client's rate-limit bucket and connections, which belong to one key on one server. Create a new CozeAPI for that.",
    );
  }
  rejectUnknownOptions(options, DERIVED_OPTION_NAMES, 'withOptions()');
  const { defaultHeaders, validateRequests, logLevel, ...rest } = options;
  const update: Config = { ...rest };
  if (defaultHeaders !== undefined) update.defaultHeaders = { ...parent.getConfig().defaultHeaders, ...defaultHeaders };
  if (validateRequests !== undefined) update.validate = validateRequests ? validateRequest : undefined;
  if (logLevel !== undefined) update.logLevel = logLevel;
  return parent.derive(update);
}
