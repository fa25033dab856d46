// The console's server takes whatever a client sends: a target it cannot decode, a method it does not serve, a path
// with a NUL byte or dot segments, a request Node's parser refuses. Each gets an answer, and the server (with the
// embedded server beside it, in the same process) goes on serving.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPath, serveConsole } from '../server/serve.js';

let served: Awaited<ReturnType<typeof serveConsole>>;

beforeAll(async () => {
  served = await serveConsole({ config: {} });
});
afterAll(() => served?.close());

/**
 * Sends `request` byte for byte (fetch would normalise the target) and resolves the status of the answer, or
 * 'no answer' when none came within 5 s (what a handler that threw leaves behind).
 */
function send(request: string): Promise<number | 'no answer'> {
  const { port } = new URL(served.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1]) || 'no answer');
    };
    socket.setTimeout(5_000, done);
    socket.on('data', (chunk) => {
      received += chunk;
      if (received.includes('\r\n')) done();
    });
    socket.on('end', done);
    socket.on('error', reject);
    socket.write(request);
  });
}

const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`;

describe('the console server', () => {
  it.each([
    ['a truncated %-escape', get('/%E0%A4%A'), 400],
    ['a lone %', get('/%'), 400],
    ['a malformed escape under /docs/', get('/docs/%ZZ/index.html'), 400],
    ['a target that is no path', get('*'), 400],
    ['a full URL with no host it can read', get('http://[/'), 400],
    ['an empty path segment first (a URL parser reads a host there)', get('//'), 404],
    ['a NUL byte in a docs path', get('/docs/en/%00index.html'), 404],
    ['a NUL byte at the root', get('/%00'), 404],
    ['dot segments out of the docs', get('/docs/../../../package.json'), 404],
    ['escaped dot segments out of the docs', get('/docs/%2e%2e/%2e%2e/%2e%2e/package.json'), 404],
    ['escaped slashes out of the docs', get('/docs/..%2f..%2f..%2fpackage.json'), 404],
    ['a backslash out of the docs', get('/docs/..%5c..%5c..%5cpackage.json'), 404],
    ['a directory of the docs without its slash', get('/docs/en'), 404],
    ['a method it does not serve', 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}', 405],
    ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 405],
    ['a method HTTP does not know', 'BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 400],
    ['a header line with no colon', get('/', 'Not a header\r\n'), 400],
    ['a NUL byte in a header', get('/', 'X-Nul: a\0b\r\n'), 400],
    ['a target of 100 kB', get(`/${'a'.repeat(100_000)}`), 431],
    ['a line that is no HTTP', 'hello\r\n\r\n', 400],
  ])('answers %s, and keeps serving', async (_, request, status) => {
    expect(await send(request)).toBe(status);
    const page = await fetch(served.url);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
  });

  it('reads the path a target names, decoded, and nothing else as a path', () => {
    expect(requestPath('/docs/en/?lang=zh#x')).toBe('/docs/en/');
    expect(requestPath('/docs/%E5%AF%B9%E8%AF%9D')).toBe('/docs/对话');
    expect(requestPath('//example.com/x')).toBe('//example.com/x');
    expect(requestPath('/\\example.com/x')).toBe('//example.com/x');
    expect(requestPath('http://127.0.0.1/docs/en/?lang=zh')).toBe('/docs/en/');
    expect(requestPath('/%E0%A4%A')).toBeUndefined();
    expect(requestPath('*')).toBeUndefined();
  });
});
