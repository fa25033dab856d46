import { describe, expect, it } from 'vitest';
import { RedirectError } from '../src/index.js';
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
  });
});
