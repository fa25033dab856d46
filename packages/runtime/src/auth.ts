import { CozeError } from './errors/index.js';

/** A bearer token, or a function that returns one (sync or async), called before every attempt. */
export type ApiKey = string | (() => string | Promise<string>);

/** Visible ASCII only: what a bearer token is made of, so no byte can break or leak a header. */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Resolves the token for one attempt; a rotating-token function is asked every time, and its token
 * checked. A string key was checked once, when its client was made (client.ts): checking it again
 * before every attempt cost half a microsecond a call.
 */
export function resolveApiKey(apiKey: ApiKey | undefined): string | Promise<string> {
  if (typeof apiKey === 'string') return apiKey;
  if (typeof apiKey === 'function') {
    let token: unknown;
    try {
      token = apiKey();
    } catch (error) {
      throw keyFunctionFailed(error);
    }
    if (typeof token === 'string') return checkApiKey(token);
    // Plain JavaScript may hand back anything: only a promise is awaited, the rest is checked as a key.
    if (typeof (token as PromiseLike<unknown> | null)?.then !== 'function') return checkApiKey(token);
    return Promise.resolve(token).then(checkApiKey, (error: unknown) => {
      throw keyFunctionFailed(error);
    });
  }
  throw new CozeError('No API key: pass `apiKey` (a string or a function returning one).');
}

/**
 * Refuses a key that is empty or holds anything but visible ASCII (a space, a line break, a NUL,
 * a non-ASCII letter): such a key cannot go into a header, and a transport's error about it would
 * quote the header. The key itself is never quoted.
 */
export function checkApiKey(token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new CozeError('The API key must be a non-empty string.');
  }
  if (!TOKEN.test(token)) {
    const kind = /[\r\n]/.test(token) ? 'line breaks' : 'spaces, control characters (such as NUL) or non-ASCII characters';
    throw new CozeError(`The API key must contain only visible ASCII characters; this one has ${kind}. It is not shown.`);
  }
  return token;
}

/**
 * The key function's own failure (a vault or a token endpoint that is down) as the CozeError a caller's
 * catch expects of a call, its error the cause; nothing was sent.
 */
function keyFunctionFailed(error: unknown): CozeError {
  if (error instanceof CozeError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new CozeError(`The apiKey function failed, so nothing was sent: ${reason}`, { cause: error });
}
