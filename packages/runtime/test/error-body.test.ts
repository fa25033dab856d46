import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { InternalServerError, errorFromResponse, type APIError } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';

/**
 * Error bodies from a hostile server or proxy (issue 12, finding 4): turning one into an error must
 * do bounded work. The quadratic `<title>` and tag regexes froze the event loop for 28 s on a 200 KB
 * HTML page; the 5 MB pages below would have taken hours.
 */

/**
 * Runs `errorFromResponse` under a watchdog that interrupts synchronous code, so a freeze fails the
 * test instead of hanging it. Not a speed measure: the bounded parser reads 16 KB in microseconds;
 * the 3 s limit only tells it apart from a freeze (the unbounded one took 6 s on the smallest page here).
 */
function parseWatched(status: number, text: string): APIError {
  return vm.runInNewContext('parse(status, text, {}, undefined)', { parse: errorFromResponse, status, text }, { timeout: 3000 });
}

const KB = 1024;
const hostilePages: Array<[string, string]> = [
  ['200 KB of "<title" with no ">"', '<title'.repeat((200 * KB) / 6)],
  ['200 KB of "<" with no ">"', '<'.repeat(200 * KB)],
  ['5 MB of "<title" with no ">"', '<title'.repeat((5 * KB * KB) / 6)],
  ['5 MB of "<" with no ">"', '<'.repeat(5 * KB * KB)],
  ['5 MB of "<title " before one ">"', `${'<title '.repeat((5 * KB * KB) / 7)}>`],
];

describe('error bodies are parsed with bounded work (finding 4)', () => {
  it.each(hostilePages)('%s: the right class and a short message, without freezing', (_, page) => {
    const error = parseWatched(502, page);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message.length).toBeLessThanOrEqual(210);
  });

  it('reads the <title> of an ordinary error page, and ignores anything past the first 16 KB', () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    expect(errorFromResponse(502, page, {}, undefined).message).toBe('502 Bad Gateway'); // the status once
    const late = `<html><body>${' '.repeat(20 * KB)}<title>found too late</title></body></html>`;
    expect(errorFromResponse(502, late, {}, undefined).message).toBe('502 (no body)');
    const text = `<p>upstream <b>timed out</b></p>${'<!-- padding -->'.repeat(2 * KB)}`;
    expect(errorFromResponse(504, text, {}, undefined).message).toBe('504 upstream timed out');
  });

  it('bounds a JSON error message and details too: a 5 MB message is cut to a readable length', () => {
    const body = JSON.stringify({ code: 500, message: 'm'.repeat(5 * KB * KB), details: 'd'.repeat(KB * KB) });
    const error = parseWatched(500, body);
    expect(error.message.length).toBeLessThanOrEqual(1100);
    expect(error.message.startsWith('500 mmmm')).toBe(true);
    expect(error.code).toBe(500);
  });
});

const fx = useIntegration();

describe('over a real socket (finding 4)', () => {
  it.each([200 * KB, 5 * KB * KB])('a %i-byte hostile HTML 502 from a proxy gives InternalServerError with the title', async (size) => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${'<div '.repeat(size / 5)}</body></html>`;
    const server = await fx.serve((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    });
    const error = await rejectionOf(postThing(clientFor(server, { maxRetries: 0, hooks: fx.hooks })));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe('502 Bad Gateway');
  });
});
