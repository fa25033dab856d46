import { describe, expect, it } from 'vitest';
import { CozeError, closestName, rejectUnknownOptions } from '../src/index.js';

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

  it.each(['proxy', 'token', 'x', 'signalling'])('suggests nothing for %s, which is like no option', (name) => {
    expect(closestName(name, OPTIONS)).toBeUndefined();
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
