import { describe, expect, it } from 'vitest';
import { MAX_REDIRECTS, RedirectError } from '../src/index.js';
import { followRedirect } from '../src/redirects.js';

/** The redirect rules on https origins, which the loopback servers of redirects.test.ts cannot be. */
describe('the policy itself (https origins)', () => {
  const headers = (location: string) => new Headers({ location });
  it('never downgrades https to http, even on the same host', () => {
    expect(() => followRedirect('GET', 'https://api.example.com/a', 301, headers('http://api.example.com/b'), 0)).toThrow(/downgrade to plain http/);
  });
  it('follows a relative 308 on https', () => {
    expect(followRedirect('POST', 'https://api.example.com/v1/a', 308, headers('../v2/a'), 0)).toBe('https://api.example.com/v2/a');
  });
  it('refuses a Location that is not http(s)', () => {
    expect(() => followRedirect('GET', 'https://api.example.com/a', 302, headers('javascript:alert(1)'), 0)).toThrow(RedirectError);
    expect(() => followRedirect('GET', 'https://api.example.com/a', 302, headers('javascript:alert(1)'), 0)).toThrow(
      'The server redirected GET https://api.example.com/a with 302 to javascript:alert(1); not followed: the Location is not an http(s) URL.',
    );
  });
});

/** The RedirectError a refusal throws (the test fails when nothing is thrown). */
function refusal(...args: Parameters<typeof followRedirect>): RedirectError {
  try {
    followRedirect(...args);
  } catch (error) {
    expect(error).toBeInstanceOf(RedirectError);
    return error as RedirectError;
  }
  throw new Error(`followed a redirect that should be refused: ${args.join(' ')}`);
}

describe('the policy itself: what is followed and what a refusal says', () => {
  const url = 'https://api.example.com/v1/a';
  const headers = (location: string) => new Headers({ location });

  it('refuses an answer with no Location, and names none', () => {
    const error = refusal('GET', url, 302, new Headers(), 0);
    expect(error.status).toBe(302);
    expect(error.location).toBeUndefined();
    expect(error.message).toBe(`The server redirected GET ${url} with 302; not followed: the answer has no Location.`);
  });

  it('refuses a Location that is no URL at all, naming it as it came (at most 200 characters of it)', () => {
    const error = refusal('GET', url, 302, headers('https://[oops/b'), 0);
    expect(error.location).toBe('https://[oops/b');
    expect(error.message).toBe(`The server redirected GET ${url} with 302 to https://[oops/b; not followed: the Location is not an http(s) URL.`);
    const long = `https://[${'x'.repeat(300)}`;
    expect(refusal('GET', url, 302, headers(long), 0).location).toBe(long.slice(0, 200));
  });

  it.each([301, 302, 303])('follows a %i of a HEAD, like one of a GET', (status) => {
    expect(followRedirect('HEAD', url, status, headers('/v1/b'), 0)).toBe('https://api.example.com/v1/b');
    expect(followRedirect('GET', url, status, headers('/v1/b'), 0)).toBe('https://api.example.com/v1/b');
  });

  it(`follows up to ${MAX_REDIRECTS} in a row and says which one it refused`, () => {
    expect(followRedirect('POST', url, 307, headers('/v1/b'), MAX_REDIRECTS - 1)).toBe('https://api.example.com/v1/b');
    expect(refusal('POST', url, 307, headers('/v1/b'), MAX_REDIRECTS).message).toBe(
      `The server redirected POST ${url} with 307 to https://api.example.com/v1/b; not followed: ` +
        `it is redirect number ${MAX_REDIRECTS + 1} in a row (at most ${MAX_REDIRECTS} are followed).`,
    );
  });

  it.each(['GET', 'POST'])('refuses a 300 of a %s as a status it does not follow (not as a method change)', (method) => {
    expect(refusal(method, url, 300, headers('/v1/b'), 0).message).toBe(
      `The server redirected ${method} ${url} with 300 to https://api.example.com/v1/b; not followed: 300 is not a redirect the client follows.`,
    );
  });
});
