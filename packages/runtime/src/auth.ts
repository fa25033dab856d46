import { CozeError } from './errors/index.js';

/** A bearer token, or a function that returns one (sync or async), called before every attempt. */
export type ApiKey = string | (() => string | Promise<string>);

/** Resolves the token for one attempt; a rotating-token function is asked every time. */
export function resolveApiKey(apiKey: ApiKey | undefined): string | Promise<string> {
  if (typeof apiKey === 'string') return checkToken(apiKey);
  if (typeof apiKey === 'function') {
    const token = apiKey();
    return typeof token === 'string' ? checkToken(token) : token.then(checkToken);
  }
  throw new CozeError('No API key: pass `apiKey` (a string or a function returning one).');
}

function checkToken(token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new CozeError('The API key must be a non-empty string.');
  }
  if (/[\r\n]/.test(token)) throw new CozeError('The API key must not contain line breaks.');
  return token;
}
