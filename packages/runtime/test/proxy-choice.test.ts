import { describe, expect, it } from 'vitest';
import { CozeError } from '../src/errors/index.js';
// What the Node and Bun entries give the node:http wire: the proxy for each request URL, or none.
import { chooseProxy } from '../src/proxy.js';

/**
 * How the environment's proxy settings route a request: through the proxy or direct. proxy.test.ts
 * shows the routes end to end through tinyproxy; this file covers the NO_PROXY rules one by one, as
 * curl reads them (Go's net/http agrees on each row below, save that Go reads `.example.com` as the
 * subdomains only).
 */
const PROXY = 'http://proxy.example:3128';

function route(noProxy: string, target: string): 'proxy' | 'direct' {
  const choose = chooseProxy(undefined, { HTTP_PROXY: PROXY, HTTPS_PROXY: PROXY, NO_PROXY: noProxy });
  return choose!(new URL(target)) ? 'proxy' : 'direct';
}

describe('NO_PROXY', () => {
  it.each([
    // Host names: the name itself and its subdomains, on a label boundary, written in any case.
    ['example.com', 'http://example.com/', 'direct'],
    ['example.com', 'https://api.example.com/v1', 'direct'],
    ['example.com', 'http://badexample.com/', 'proxy'],
    ['example.com', 'http://example.com.other.test/', 'proxy'],
    ['.example.com', 'http://example.com/', 'direct'],
    ['.example.com', 'http://api.example.com/', 'direct'],
    ['.example.com', 'http://badexample.com/', 'proxy'],
    ['*.example.com', 'http://example.com/', 'direct'],
    ['*.example.com', 'http://api.example.com/', 'direct'],
    ['*.example.com', 'http://badexample.com/', 'proxy'],
    ['EXAMPLE.COM', 'http://api.example.com/', 'direct'],
    ['Example.Com', 'http://API.EXAMPLE.com/', 'direct'],
    ['*', 'http://anything.test/', 'direct'],
    // Separators: commas and spaces, any number of them.
    ['a.test example.com', 'http://example.com/', 'direct'],
    ['a.test,example.com', 'http://example.com/', 'direct'],
    [' a.test ,\t example.com ', 'http://example.com/', 'direct'],
    ['a.test, b.test', 'http://example.com/', 'proxy'],
    // Empty entries match nothing, not even a name that ends in a dot.
    ['', 'http://example.com./', 'proxy'],
    [',', 'http://example.com./', 'proxy'],
    ['example.org,', 'http://example.com./', 'proxy'],
    // host:port: only that port; a URL without one has its scheme's default.
    ['example.com:8080', 'http://example.com:8080/', 'direct'],
    ['example.com:8080', 'http://example.com/', 'proxy'],
    ['example.com:443', 'https://example.com/', 'direct'],
    ['example.com:443', 'http://example.com/', 'proxy'],
    ['example.com:80', 'http://example.com/', 'direct'],
    ['example.com:80', 'https://example.com/', 'proxy'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8080/', 'direct'],
    ['127.0.0.1:8080', 'http://127.0.0.1:8081/', 'proxy'],
    // IPv6: bracketed, with or without a port, or bare.
    ['[::1]', 'http://[::1]:8080/', 'direct'],
    ['[::1]:8080', 'http://[::1]:8080/', 'direct'],
    ['[::1]:8080', 'http://[::1]:9090/', 'proxy'],
    ['[::1]:80', 'http://[::1]/', 'direct'],
    ['[2001:db8::1]', 'http://[2001:db8::2]/', 'proxy'],
    ['::1', 'http://[::1]/', 'direct'],
    ['2001:db8::2:1', 'http://[2001:db8::2:1]/', 'direct'],
    ['2001:4860::8888', 'http://[2001:4860::8888]/', 'direct'],
    // IPv6 addresses are compared as numbers, however they are written.
    ['0:0:0:0:0:0:0:1', 'http://[::1]/', 'direct'],
    ['[0::1]:8080', 'http://[::1]:8080/', 'direct'],
    ['2001:DB8::1', 'http://[2001:db8::1]/', 'direct'],
    ['2001:db8:0:0::1', 'http://[2001:db8::1]/', 'direct'],
    ['::ffff:127.0.0.1', 'http://[::ffff:7f00:1]/', 'direct'],
    ['::1', 'http://127.0.0.1/', 'proxy'],
    ['::1', 'http://localhost/', 'proxy'],
    ['1::', 'http://[::1]/', 'proxy'],
    ['2001:db8:1:2:3:4:5:6', 'http://[2001:db8:1:2:3:4:5:6]/', 'direct'],
    ['2001:db8:1:2:3:4:5:6', 'http://[2001:db8:1:2:3:4:5:7]/', 'proxy'],
    // IPv6 CIDR blocks, on any bit: /33 splits the third group.
    ['2001:db8::/32', 'http://[2001:db8:1::5]/', 'direct'],
    ['2001:db8::/32', 'http://[2001:db9::5]/', 'proxy'],
    ['2001:db8::/32', 'http://[3001:db8::5]/', 'proxy'],
    ['2001:db8::/32', 'http://[2001:db8:1:2:3:4:5:6]/', 'direct'],
    ['2001:db8:8000::/33', 'http://[2001:db8:8000::1]/', 'direct'],
    ['2001:db8:8000::/33', 'http://[2001:db8:ffff::1]/', 'direct'],
    ['2001:db8:8000::/33', 'http://[2001:db8:7fff::1]/', 'proxy'],
    ['fd00::/8', 'http://[fdab::1]/', 'direct'],
    ['fd00::/8', 'http://[fe80::1]/', 'proxy'],
    ['::1/64', 'http://[::1:0:0:9]/', 'direct'],
    ['::1/64', 'http://[0:0:0:1::1]/', 'proxy'],
    ['::1/128', 'http://[::1]/', 'direct'],
    ['::1/128', 'http://[::2]/', 'proxy'],
    ['::/0', 'http://[2001:db8::1]/', 'direct'],
    ['::/0', 'http://127.0.0.1/', 'proxy'],
    ['::/0', 'http://example.com/', 'proxy'],
    // What is no IPv6 address or block matches nothing.
    ['2001:db8::/129', 'http://[2001:db8::1]/', 'proxy'],
    ['2001:db8::1/129', 'http://[2001:db8::1]/', 'proxy'],
    ['g::1', 'http://[::1]/', 'proxy'],
    ['2001:db8::1::2', 'http://[2001:db8::1:0:2]/', 'proxy'],
    ['2001:db8::g', 'http://[2001:db8::]/', 'proxy'],
    ['[fd00::]/8', 'http://[fd00::1]/', 'proxy'],
    // A trailing dot, on the entry or the name, is ignored.
    ['example.com', 'http://example.com./', 'direct'],
    ['example.com', 'http://api.example.com./', 'direct'],
    ['example.com.', 'http://example.com/', 'direct'],
    ['.example.com.', 'http://api.example.com/', 'direct'],
    ['example.com.', 'http://badexample.com./', 'proxy'],
    ['.', 'http://example.com./', 'proxy'],
    // Only one trailing dot goes: empty entries still match nothing when a name has two.
    [',', 'http://example.com../', 'proxy'],
    ['example.org,', 'http://example.com../', 'proxy'],
    // An entry written as a URL matches nothing: neither curl nor Go reads a scheme or a path there.
    ['http://[::1]:8080', 'http://[::1]:8080/', 'proxy'],
    ['[::1]:8080/', 'http://[::1]:8080/', 'proxy'],
    // IPv4 CIDR blocks match addresses in them, not names.
    ['10.0.0.0/8', 'http://10.1.2.3/', 'direct'],
    ['10.0.0.0/8', 'http://11.1.2.3/', 'proxy'],
    ['10.0.0.0/8', 'http://example.com/', 'proxy'],
    ['10.0.0.0/8', 'http://10.1.2.3.nip.io/', 'proxy'],
    ['192.168.0.0/16', 'http://192.168.10.20/', 'direct'],
    ['10.255.0.0/16', 'http://10.255.1.2/', 'direct'],
    ['10.255.0.0/16', 'http://10.254.1.2/', 'proxy'],
    ['192.168.0.0/16', 'http://192.169.0.1/', 'proxy'],
    ['192.168.0.0/16', 'http://10.1.2.3/', 'proxy'],
    ['203.0.113.9/32', 'http://203.0.113.9/', 'direct'],
    ['203.0.113.9/32', 'http://203.0.113.10/', 'proxy'],
    ['0.0.0.0/0', 'http://203.0.113.9/', 'direct'],
    ['0.0.0.0/0', 'http://example.com/', 'proxy'],
    ['0.0.0.0/0', 'http://[::1]/', 'proxy'],
    ['10.0.0.0/8:8080', 'http://10.1.2.3:8080/', 'direct'],
    ['10.0.0.0/8:8080', 'http://10.1.2.3/', 'proxy'],
    // What is no IPv4 block matches nothing (curl reads none of these as one).
    ['.10.0.0.0/8', 'http://10.1.2.3/', 'proxy'],
    ['10.0.0.0/100', 'http://10.1.2.3/', 'proxy'],
    ['10.0.0.0/33', 'http://99.1.2.3/', 'proxy'],
    ['300.0.0.0/8', 'http://44.1.2.3/', 'proxy'],
  ])('%j: %s goes %s', (noProxy, target, expected) => {
    expect(route(noProxy, target)).toBe(expected);
  });

  it('unset, it lets every host through the proxy, single-label intranet names too', () => {
    for (const host of ['localhost', 'intranet', 'wiki', 'was', 'here', '127.0.0.1', '[::1]']) {
      expect(route('', `http://${host}/`)).toBe('proxy');
    }
  });
});

describe('proxy URLs from the environment', () => {
  const message = (name: string, shown: string) =>
    `${name} must be an http:// proxy URL such as http://proxy.example:3128; got ${shown}.`;
  const refusal = (env: Record<string, string>) => {
    try {
      chooseProxy(undefined, env);
    } catch (error) {
      expect(error).toBeInstanceOf(CozeError);
      return (error as Error).message;
    }
    throw new Error('no error');
  };

  it('names the variable as it was set, lower- or upper-case, and what it held', () => {
    expect(refusal({ https_proxy: 'ftp://nope' })).toBe(message('https_proxy', 'ftp://nope'));
    expect(refusal({ HTTPS_PROXY: 'ftp://nope' })).toBe(message('HTTPS_PROXY', 'ftp://nope'));
    expect(refusal({ http_proxy: 'socks5://127.0.0.1:1080' })).toBe(message('http_proxy', 'socks5://127.0.0.1:1080'));
    expect(refusal({ HTTP_PROXY: 'socks5://127.0.0.1:1080' })).toBe(message('HTTP_PROXY', 'socks5://127.0.0.1:1080'));
  });

  it('says so when the URL cannot be read at all', () => {
    expect(refusal({ HTTP_PROXY: 'http://[bad' })).toBe(message('HTTP_PROXY', 'an unreadable URL'));
  });

  it('reads a URL without a scheme as http, as curl does', () => {
    const viaEnv = (value: string) => chooseProxy(undefined, { HTTP_PROXY: value })!(new URL('http://example.com/'))?.href;
    expect(viaEnv('proxy.example:3128')).toBe('http://proxy.example:3128/');
    expect(viaEnv('proxy.example:3128/?next=http://other.example')).toBe('http://proxy.example:3128/?next=http://other.example');
  });
});
