import { describe, expect, it } from 'vitest';
import { redactHeaders } from '../src/index.js';
import { scrubError } from '../src/redact.js';

const TOKEN = 'sk-SENTINEL-redact-0123456789';

describe('redactHeaders', () => {
  it('replaces every credential header, in any case, and lower-cases every name', () => {
    expect(
      redactHeaders({
        Authorization: `Bearer ${TOKEN}`,
        'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
        Cookie: 'session=abc',
        'SET-COOKIE': 'session=abc',
        'X-Api-Key': TOKEN,
        'X-Request-Id': 'req-1',
      }),
    ).toEqual({
      authorization: '[REDACTED]',
      'proxy-authorization': '[REDACTED]',
      cookie: '[REDACTED]',
      'set-cookie': '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-request-id': 'req-1',
    });
  });
});

describe('scrubError: a transport error that quotes a credential of the request loses its message', () => {
  const headers = { authorization: `Bearer ${TOKEN}`, 'x-trace': 'trace-value-not-secret' };

  it('the token alone, without its "Bearer " scheme, counts as quoted', () => {
    const scrubbed = scrubError(new TypeError(`invalid header value: ${TOKEN}`), headers);
    expect(scrubbed).toEqual({ message: 'TypeError (its message is withheld: it quoted a credential)', cause: undefined });
  });

  it('names the error by its code first, then its name, else just "error"', () => {
    const coded = Object.assign(new Error(`bad ${TOKEN}`), { code: 'ERR_INVALID_CHAR' });
    expect(scrubError(coded, headers).message).toBe('ERR_INVALID_CHAR (its message is withheld: it quoted a credential)');
    expect(scrubError(`thrown text with ${TOKEN}`, headers).message).toBe('error (its message is withheld: it quoted a credential)');
  });

  it('any one of several credentials is enough', () => {
    const both = { ...headers, cookie: 'session=cookie-secret-1' };
    expect(scrubError(new Error('cookie session=cookie-secret-1 refused'), both).cause).toBeUndefined();
  });

  it('a header that is not a credential may be quoted', () => {
    const error = new Error('bad x-trace: trace-value-not-secret');
    expect(scrubError(error, headers)).toEqual({ message: 'bad x-trace: trace-value-not-secret', cause: error });
  });

  it('credentials shorter than 6 characters are not looked for (they would match ordinary text)', () => {
    expect(scrubError(new Error('abcde and more'), { cookie: 'abcde' }).cause).toBeInstanceOf(Error);
    expect(scrubError(new Error('abcdef and more'), { cookie: 'abcdef' }).cause).toBeUndefined();
  });

  it('looks along the cause chain, 8 errors deep, also at causes that are plain text', () => {
    const chain = (depth: number, last: unknown) => {
      let error: unknown = last;
      for (let i = 0; i < depth; i++) error = new Error(`level ${i}`, { cause: error });
      return error;
    };
    expect(scrubError(chain(7, new Error(TOKEN)), headers).cause).toBeUndefined();
    expect(scrubError(chain(8, new Error(TOKEN)), headers).cause).toBeDefined();
    expect(scrubError(chain(3, `text quoting ${TOKEN}`), headers).cause).toBeUndefined();
    expect(scrubError(chain(3, null), headers).cause).toBeDefined();
  });

  it('ends on a cause chain that loops', () => {
    const looping = new Error('again');
    (looping as { cause?: unknown }).cause = looping;
    expect(scrubError(looping, headers).message).toBe('again (again)');
  });

  it('keeps a message that quotes nothing secret: the error’s, its cause’s, or the thrown value', () => {
    expect(scrubError(new Error('socket hang up'), headers).message).toBe('socket hang up');
    expect(scrubError(new TypeError('fetch failed', { cause: new Error('ECONNRESET') }), headers).message).toBe('fetch failed (ECONNRESET)');
    expect(scrubError(new TypeError('fetch failed', { cause: 'ECONNRESET' }), headers).message).toBe('fetch failed');
    expect(scrubError('socket closed', headers).message).toBe('socket closed');
  });

  it('the end of a cause chain is no text: a token that reads "undefined" (an unset variable) is not found in every error', () => {
    const error = new Error('socket hang up');
    error.stack = 'Error: socket hang up\n    at connect';
    expect(scrubError(error, { authorization: 'Bearer undefined' })).toEqual({ message: 'socket hang up', cause: error });
  });

  it('takes only a leading word (the scheme) off a credential to find its bare token, not a word further in', () => {
    const error = new Error('cookie id=abcdef refused');
    expect(scrubError(error, { cookie: 'id=7 abcdef' })).toEqual({ message: 'cookie id=abcdef refused', cause: error });
    expect(scrubError(new Error('token abcdef refused'), { cookie: 'id abcdef' }).cause).toBeUndefined();
  });

  it('looks for the credentials of the request alone, in the error’s text alone', () => {
    // "Stryker was here" is the text the mutation tool puts into a literal: neither a credential list nor the text
    // searched may start with anything.
    const error = new Error('Stryker was here');
    expect(scrubError(error, {})).toEqual({ message: 'Stryker was here', cause: error });
    const other = new Error('socket hang up');
    expect(scrubError(other, { cookie: 'Stryker was here!' })).toEqual({ message: 'socket hang up', cause: other });
  });
});
