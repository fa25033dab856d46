import { describe, expect, it } from 'vitest';
import { CozeError, RequestValidationError, createClient } from '../src/index.js';
import { recordingFetch } from './helpers/client.js';
import { SENTINEL, rejectionOf } from './helpers/leaks.js';

/** checkBaseUrl, through createClient (where users meet it). */
const refusal = (baseUrl: string, allowInsecureBaseURL?: boolean) => {
  try {
    createClient({ baseUrl, allowInsecureBaseURL });
  } catch (error) {
    return error as Error;
  }
  return undefined;
};

describe('the base URL check', () => {
  it.each(['https://api.coze.cn/v1', 'https://example.com', 'https://10.0.0.1:8443/api'])('accepts https: %s', (baseUrl) => {
    expect(refusal(baseUrl)).toBeUndefined();
  });

  it.each([
    'http://127.0.0.1:4010',
    'http://127.0.0.1',
    'http://localhost:3000/v1',
    'http://LOCALHOST:3000',
    'http://127.0.0.1.:4010',
    'http://[::1]:8080',
    'http://[0:0:0:0:0:0:0:1]/v1',
    'http://127.1.2.3',
    'http://127.10.200.30',
    'http://127.1',
  ])('accepts plain http on a loopback host: %s', (baseUrl) => {
    expect(refusal(baseUrl)).toBeUndefined();
  });

  it.each([
    'http://api.coze.cn/v1',
    'http://10.0.0.1',
    'http://0.0.0.0:8080',
    'http://localhost.example.com',
    // The fully qualified name is not in the hosts file (glibc's getaddrinfo asks DNS for it), so a resolver on
    // the network can answer it with any address: plain http to it could carry the token off the machine.
    'http://localhost.:3000/v1',
    'http://localhost..',
    'http://.localhost.',
    'http://127.0.0.1.example.com',
    'http://127.attacker.test',
    'http://[::2]',
  ])('refuses plain http elsewhere, saying why and how to override: %s', (baseUrl) => {
    const error = refusal(baseUrl);
    expect(error).toBeInstanceOf(CozeError);
    expect(error!.message).toMatch(/^baseURL must use https/);
    expect(error!.message).toContain('allowInsecureBaseURL: true');
    expect(error!.message).toContain(new URL(baseUrl).host);
  });

  it('lets the caller explicitly allow plain http elsewhere', () => {
    expect(refusal('http://api.internal.test/v1', true)).toBeUndefined();
  });

  it.each(['ftp://example.com', 'ws://127.0.0.1', 'file:///etc/passwd'])('refuses other schemes, even with the override: %s', (baseUrl) => {
    expect(refusal(baseUrl, true)).toBeInstanceOf(CozeError);
  });

  it('refuses a relative or malformed URL, quoting it and suggesting https:// where it looks like a host', () => {
    const error = refusal('api.coze.cn/v1');
    expect(error).toBeInstanceOf(CozeError);
    expect(error!.message).toBe('baseURL must be an absolute URL; got "api.coze.cn/v1". Did you mean https://api.coze.cn/v1?');
    expect(refusal('hello world')!.message).toBe('baseURL must be an absolute URL; got "hello world".');
  });

  it.each([
    ['htps://api.coze.cn/v1', 'https://api.coze.cn/v1'],
    ['httsp://api.coze.cn/v1', 'https://api.coze.cn/v1'],
    ['https;//api.coze.cn/v1', 'https://api.coze.cn/v1'],
    ['https//api.coze.cn/v1', 'https://api.coze.cn/v1'],
    ['htp://127.0.0.1:4010/v1', 'http://127.0.0.1:4010/v1'],
  ])('suggests the scheme a typo meant, not allowInsecureBaseURL: %s', (typo, meant) => {
    for (const allowInsecure of [false, true]) {
      const error = refusal(typo, allowInsecure);
      expect(error).toBeInstanceOf(CozeError);
      expect(error!.message).toContain(`Did you mean ${meant}?`);
      expect(error!.message).not.toContain('allowInsecureBaseURL');
    }
  });

  it('suggests https:// first for plain http on a remote host', () => {
    expect(refusal('http://api.coze.cn/v1')!.message).toContain('Use https://api.coze.cn/v1, or pass allowInsecureBaseURL: true');
    // Without a path, the suggestion adds no slash of its own.
    expect(refusal('http://api.coze.cn')!.message).toContain('Use https://api.coze.cn, or pass allowInsecureBaseURL: true');
  });

  it('says which scheme it got, whole, and suggests nothing when the rest is no host', () => {
    expect(refusal('ftp://example.com')!.message).toBe(
      'baseURL must start with https:// (or http:// for a loopback host); got the scheme "ftp:". Did you mean https://example.com?',
    );
    expect(refusal('htps://')!.message).toBe('baseURL must start with https:// (or http:// for a loopback host); got the scheme "htps:".');
  });

  // `api.coze.cn:8443/v1` parses as a URL whose scheme is `api.coze.cn:`; the guess is the host and port with https.
  it.each([
    ['api.coze.cn:8443/v1', 'https://api.coze.cn:8443/v1'],
    ['api.coze.cn:8443', 'https://api.coze.cn:8443'],
    ['localhost:3000/v1', 'https://localhost:3000/v1'],
  ])('suggests https:// in front of a host and port typed without a scheme: %j', (typed, meant) => {
    const scheme = typed.slice(0, typed.indexOf(':') + 1);
    expect(refusal(typed)!.message).toBe(
      `baseURL must start with https:// (or http:// for a loopback host); got the scheme ${JSON.stringify(scheme)}. Did you mean ${meant}?`,
    );
  });

  it('keeps the scheme-typo guess for a scheme followed by a loopback host and port', () => {
    expect(refusal('ftp://localhost:21')!.message).toContain('Did you mean http://localhost:21?');
  });

  it.each(['api.coze.cn:84x3/v1', 'ftp://999/v1'])('suggests nothing when the rest is no host (or no port): %j', (typed) => {
    expect(refusal(typed)!.message).not.toContain('Did you mean');
  });

  // The guess for a URL that does not parse: a host name (with a dot and a top-level name) or a loopback host, an
  // optional port of any length and an optional path, after whatever scheme-like start was typed; nothing else.
  it.each([
    ['https//api.coze.cn:8443', 'https://api.coze.cn:8443'],
    ['https;/api.coze.cn/v1', 'https://api.coze.cn/v1'],
    ['  api.coze.cn/v1 ', 'https://api.coze.cn/v1'],
    ['https//localhost:3000', 'https://localhost:3000'],
    ['https//localhost/v1', 'https://localhost/v1'],
    ['https//127.10.200.30:4010/v1', 'https://127.10.200.30:4010/v1'],
  ])('suggests a host it recognises in a URL that does not parse: %j', (typed, meant) => {
    expect(refusal(typed)!.message).toBe(`baseURL must be an absolute URL; got ${JSON.stringify(typed)}. Did you mean ${meant}?`);
  });

  it.each(['hello world.com', 'my localhost:3000', 'https//127.0.0:4010', 'https//api.coze.cn:80x'])(
    'suggests nothing when no host starts the rest: %j',
    (typed) => {
      expect(refusal(typed)!.message).toBe(`baseURL must be an absolute URL; got ${JSON.stringify(typed)}.`);
    },
  );

  // With no base URL, an absolute URL's origin is checked by the same rule before the token goes anywhere.
  it.each(['ws://127.0.0.1/chat', 'ftp://localhost/file', 'http://api.coze.cn/v1/chat'])(
    'without a base URL, sends the token only over https or plain http to a loopback host: refuses %s',
    async (url) => {
      const { calls, fetch } = recordingFetch();
      const client = createClient({ apiKey: SENTINEL, rateLimit: false, fetch });
      const error = await rejectionOf(client.fetch(url));
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as Error).message).toContain(`refusing ${new URL(url).origin}`);
      expect(calls).toEqual([]);
      await client.fetch('http://127.0.0.1:9/v1/chat');
      await client.fetch('https://api.coze.cn/v1/chat');
      expect(calls).toEqual(['http://127.0.0.1:9/v1/chat', 'https://api.coze.cn/v1/chat']);
    },
  );

  it('drops trailing slashes so paths join cleanly', () => {
    const client = createClient({ baseUrl: 'https://api.example.com/v1//' });
    expect(client.buildUrl({ url: '/chat' })).toBe('https://api.example.com/v1/chat');
  });
});
