import { CozeError } from './errors/index.js';
import { closestName } from './unknown-options.js';

/** How much the client logs: nothing, failed calls, calls that needed retries too, every call, or every step. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/**
 * Where log lines go: `console`, or any logger with the same four methods (pino and winston as they are).
 * Each method is called with one string, as a method of the logger (its `this` is kept).
 */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** The levels, from the quietest; each includes the ones before it. */
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** The longest part of a body a debug line shows. */
export const LOG_BODY_LIMIT = 2000;

const REDACTED = '[REDACTED]';

/** How many of a key function's latest tokens a log keeps redacting (a rotated token may still be in flight). */
const REMEMBERED_TOKENS = 8;

/**
 * The lines of one client, one method per level that is on (the others are undefined, so that a
 * call site written `log?.debug?.(\`…\`)` builds no string when it is off). Every line goes through
 * redaction first: the token reaches no log, whatever part of a request or response quotes it.
 */
export interface Log {
  error: ((line: string) => void) | undefined;
  warn: ((line: string) => void) | undefined;
  info: ((line: string) => void) | undefined;
  debug: ((line: string) => void) | undefined;
  /** Adds a token to redact from every later line (a key function's tokens, as they are resolved). */
  remember(token: string): void;
}

/**
 * The Log for a level, a logger and a prefix; undefined when the level is `off`, so the transport's
 * hot path tests one value.
 *
 * @param prefix what every line starts with, e.g. `[my-sdk]`
 * @param token the key, when it is a string (a function's tokens are remembered as they come)
 */
export function createLog(level: LogLevel | undefined, logger: Logger | undefined, prefix: string, token: string | undefined): Log | undefined {
  const rank = LOG_LEVELS.indexOf(level ?? 'off');
  if (rank <= 0) return undefined;
  const sink = logger ?? (globalThis.console as Logger);
  const secrets: string[] = token ? [token] : [];
  const line = (method: keyof Logger) => (text: string) => {
    let safe = text;
    for (const secret of secrets) safe = redact(safe, secret);
    sink[method](prefix ? `${prefix} ${safe}` : safe);
  };
  return {
    error: line('error'),
    warn: rank >= 2 ? line('warn') : undefined,
    info: rank >= 3 ? line('info') : undefined,
    debug: rank >= 4 ? line('debug') : undefined,
    remember(secret) {
      if (secret === '' || secrets.includes(secret)) return;
      secrets.push(secret);
      if (secrets.length > REMEMBERED_TOKENS + (token ? 1 : 0)) secrets.splice(token ? 1 : 0, 1);
    },
  };
}

/**
 * Checks a log level and a logger: a CozeError that names the option (or the environment variable
 * the level came from) and what it accepts.
 *
 * @param source how the level is named in the message, e.g. `logLevel` or `the LOG environment variable`
 */
export function checkLogging(level: unknown, logger: unknown, source = 'logLevel'): void {
  if (level !== undefined && !LOG_LEVELS.includes(level as LogLevel)) {
    const guess = typeof level === 'string' ? closestName(level, LOG_LEVELS) : undefined;
    throw new CozeError(
      `${source} must be one of ${LOG_LEVELS.map((l) => `'${l}'`).join(', ')}; got ${JSON.stringify(level)}` +
        `${guess ? ` (did you mean '${guess}'?)` : ''}.`,
    );
  }
  if (logger === undefined) return;
  const missing = (['error', 'warn', 'info', 'debug'] as const).filter(
    (method) => typeof (logger as Record<string, unknown> | null)?.[method] !== 'function',
  );
  if (missing.length > 0) {
    throw new CozeError(
      `logger must have the methods error, warn, info and debug, as console, pino and winston do; ` +
        `this one lacks ${missing.join(', ')}.`,
    );
  }
}

/** `text` with every occurrence of `secret` replaced. */
export function redact(text: string, secret: string): string {
  return secret !== '' && text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}

/** A body as a debug line shows it: text up to LOG_BODY_LIMIT characters, binary data as its size. */
export function bodyForLog(body: string | ArrayBuffer | Uint8Array | undefined): string {
  if (body === undefined) return '(none)';
  if (typeof body !== 'string') return `(${body.byteLength} bytes of binary data)`;
  if (body === '') return '(empty)';
  return body.length > LOG_BODY_LIMIT ? `${body.slice(0, LOG_BODY_LIMIT)}… (${body.length - LOG_BODY_LIMIT} more characters)` : body;
}
