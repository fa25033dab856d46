import { describe, expect, it } from 'vitest';
import { CozeError, closestName, rejectUnknownOptions, unknownOptions, unknownOptionsMessage } from '../src/index.js';

const OPTIONS = ['apiKey', 'baseURL', 'timeout', 'maxRetries', 'rateLimit', 'fetch', 'defaultHeaders', 'hooks'];

describe('closestName', () => {
  it.each([
    ['baseUrl', 'baseURL'],
    ['base_url', 'baseURL'],
    ['BASEURL', 'baseURL'],
    ['apikey', 'apiKey'],
    ['api_key', 'apiKey'],
    ['timeOut', 'timeout'],
    ['timout', 'timeout'],
    ['retries', 'maxRetries'],
    ['maxRetry', 'maxRetries'],
    ['ratelimit', 'rateLimit'],
    ['headers', 'defaultHeaders'],
    ['hook', 'hooks'],
    ['fecth', 'fetch'],
  ])('%s → %s', (name, expected) => {
    expect(closestName(name, OPTIONS)).toBe(expected);
  });

  it.each(['proxy', 'token', 'x', 'signalling', 'ur'])('suggests nothing for %s, which is like no option', (name) => {
    expect(closestName(name, OPTIONS)).toBeUndefined();
  });

  it('prefers the same name in another case to an earlier option that contains it', () => {
    expect(closestName('RETRIES', ['maxRetries', 'retries'])).toBe('retries');
    expect(closestName('ab', ['xab', 'AB'])).toBe('AB');
  });

  it('folds case by lower-casing, so ß (upper case SS) is not taken for ss', () => {
    expect(closestName('ß', ['ss'])).toBeUndefined();
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    // Two edits would be too far for a three-letter name; one is near enough.
    expect(closestName('lts', ['tls'])).toBe('tls');
  });

  it('counts a swap as one edit, not less: a swap and another edit is too far for a three-letter name', () => {
    expect(closestName('lts', ['tlsv'])).toBeUndefined();
    // Equally near (two edits each): the first listed.
    expect(closestName('abcd', ['abxy', 'badc'])).toBe('abxy');
  });

  it('takes only a true swap as one: letters that match one way only are two edits', () => {
    expect(closestName('ab', ['ca'])).toBeUndefined();
    expect(closestName('ab', ['bc'])).toBeUndefined();
  });
});

describe('rejectUnknownOptions', () => {
  it('passes known options, whatever their values', () => {
    expect(() => rejectUnknownOptions({ apiKey: undefined, baseURL: 'x', timeout: 1 }, OPTIONS, 'the client')).not.toThrow();
  });

  it('names every unknown option, a suggestion for each, and the options there are', () => {
    const error = (() => {
      try {
        rejectUnknownOptions({ baseUrl: 'http://127.0.0.1:4010/v1', apikey: 'k', proxy: 'http://p' }, OPTIONS, 'the client');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CozeError);
    expect((error as Error).message).toBe(
      'Unknown options for the client: `baseUrl` (did you mean `baseURL`?), `apikey` (did you mean `apiKey`?), `proxy`. ' +
        'The options are: apiKey, baseURL, timeout, maxRetries, rateLimit, fetch, defaultHeaders, hooks.',
    );
  });

  it('says "option" for one', () => {
    expect(() => rejectUnknownOptions({ timeOut: 5 }, OPTIONS, 'a request')).toThrow(
      /^Unknown option for a request: `timeOut` \(did you mean `timeout`\?\)\. /,
    );
  });

  it('never quotes an option’s value (it may be the token)', () => {
    expect(() => rejectUnknownOptions({ apikey: 'sentinel-token' }, OPTIONS, 'the client')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('sentinel-token') }),
    );
  });
});

describe('unknownOptions and unknownOptionsMessage (what a wrapper uses to report each key on its own)', () => {
  it('lists each key that is not known, in order, with its suggestion or none', () => {
    expect(unknownOptions({ timeout: 1, timeOut: 2, proxy: 3 }, OPTIONS)).toEqual([
      { key: 'timeOut', suggestion: 'timeout' },
      { key: 'proxy', suggestion: undefined },
    ]);
    expect(unknownOptions({ timeout: 1 }, OPTIONS)).toEqual([]);
  });

  it('words one key as rejectUnknownOptions does, without the final full stop (issues are joined)', () => {
    expect(unknownOptionsMessage([{ key: 'timeOut', suggestion: 'timeout' }], ['timeout', 'signal'], 'a request')).toBe(
      'Unknown option for a request: `timeOut` (did you mean `timeout`?). The options are: timeout, signal',
    );
  });
});
