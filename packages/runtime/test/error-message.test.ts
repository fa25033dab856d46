import { describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  errorFromResponse,
} from '../src/index.js';

// What an error response becomes (errorFromResponse is public: the client and the runtime fetch use it): the class
// a caller catches, and a message a person can read, whatever the body was.
const message = (text: string, status = 502) => errorFromResponse(status, text, {}, undefined).message;

describe('the class follows the status', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, APIError],
    [499, APIError],
    [500, InternalServerError],
    [503, InternalServerError],
    [599, InternalServerError],
  ])('%i', (status, ErrorClass) => {
    const error = errorFromResponse(status, '{}', {}, undefined);
    expect(error.constructor).toBe(ErrorClass);
    expect(error.status).toBe(status);
  });

  it('429 is a RateLimitError that carries the wait the server asked for', () => {
    const error = errorFromResponse(429, '{"message":"slow down"}', { 'retry-after': '2' }, 2000);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(2000);
    expect(error.message).toBe('429 slow down (the server asked to wait 2 s)');
  });
});

describe('the message of a JSON error body', () => {
  it('is the status, the message and the details', () => {
    expect(message('{"code":4000,"message":"bad field","details":"name is required"}', 400)).toBe('400 bad field: name is required');
  });

  it('leaves out empty or non-text details', () => {
    expect(message('{"message":"bad field","details":""}', 400)).toBe('400 bad field');
    expect(message('{"message":"bad field","details":{"field":"name"}}', 400)).toBe('400 bad field');
  });

  it('cuts a message or details longer than 500 characters, and only those', () => {
    const exactly = 'm'.repeat(500);
    expect(message(JSON.stringify({ message: exactly, details: 'd'.repeat(500) }), 500)).toBe(`500 ${exactly}: ${'d'.repeat(500)}`);
    expect(message(JSON.stringify({ message: `${exactly}m`, details: `${'d'.repeat(500)}d` }), 500)).toBe(
      `500 ${exactly}…: ${'d'.repeat(500)}…`,
    );
  });

  it('without a text message, reads the body as plain text', () => {
    expect(message('{"message":42}', 500)).toBe('500 {"message":42}');
    expect(message('["not", "an object"]', 500)).toBe('500 ["not", "an object"]');
  });
});

describe('the message of a body that is not JSON', () => {
  it('is the title of an HTML page, whatever the case and attributes of its tag', () => {
    expect(message('<html><TITLE>Bad Gateway</TITLE></html>')).toBe('502 Bad Gateway');
    expect(message('<title lang="en">Bad <b>Gateway</b></title>')).toBe('502 Bad Gateway');
    expect(message('<title\tid="t">tab</title>')).toBe('502 tab');
    expect(message('<title\nid="t">newline</title>')).toBe('502 newline');
    expect(message('<title\rid="t">return</title>')).toBe('502 return');
  });

  it('takes the title, not the whole page, whatever white space follows <title', () => {
    expect(message('<title lang="en">Gateway</title><p>page text</p>')).toBe('502 Gateway');
    expect(message('<title\tid="t">Gateway</title><p>page text</p>')).toBe('502 Gateway');
    expect(message('<title\nid="t">Gateway</title><p>page text</p>')).toBe('502 Gateway');
    expect(message('<title\rid="t">Gateway</title><p>page text</p>')).toBe('502 Gateway');
  });

  it('a <title that never closes its tag is no title, even after a stray </title>', () => {
    expect(message('a</title>b<title c')).toBe('502 a b');
  });

  it('skips tags that only start like <title', () => {
    expect(message('<titlebar>menu</titlebar><title>Gateway Timeout</title>')).toBe('502 Gateway Timeout');
  });

  it('without a whole title element, is the text without its tags', () => {
    expect(message('<title>never closed <p>body text')).toBe('502 never closed body text');
    expect(message('<p>no title at all</p><title')).toBe('502 no title at all');
    expect(message('before <title without end')).toBe('502 before');
  });

  it('joins runs of white space and trims them', () => {
    expect(message('  upstream \n\t timed   out  ')).toBe('502 upstream timed out');
  });

  it('cuts the text at 200 characters, and only past them', () => {
    expect(message('x'.repeat(200))).toBe(`502 ${'x'.repeat(200)}`);
    expect(message('x'.repeat(201))).toBe(`502 ${'x'.repeat(200)}…`);
  });

  it('says there was no body when there is nothing to read', () => {
    expect(message('')).toBe('502 (no body)');
    expect(message(' \n ')).toBe('502 (no body)');
    expect(message('<br><hr>')).toBe('502 (no body)');
  });

  it('looks at the first 16 KiB only', () => {
    expect(message(`${' '.repeat(16 * 1024 - 4)}seen`)).toBe('502 seen');
    expect(message(`${' '.repeat(16 * 1024)}unseen`)).toBe('502 (no body)');
  });
});

describe('what the call went through, and what to do about it', () => {
  const said = (status: number, retryAfter: number | undefined, context?: Parameters<typeof errorFromResponse>[4], text = '{"message":"slow down"}') =>
    errorFromResponse(status, text, {}, retryAfter, context).message;

  it('counts the attempts of a retried call, with its time when that is known, and says nothing of a single attempt', () => {
    expect(said(502, undefined, { attempts: 3, elapsedMs: 1500 })).toBe('502 slow down (3 attempts in 1.5 s)');
    expect(said(502, undefined, { attempts: 3 })).toBe('502 slow down (3 attempts)');
    expect(said(502, undefined, { attempts: 1, elapsedMs: 1500 })).toBe('502 slow down');
  });

  it('says the wait the server asked for only on a 429: another status’s Retry-After goes unsaid', () => {
    expect(said(503, 120_000)).toBe('503 slow down');
    expect(said(503, 5000, { attempts: 2, elapsedMs: 800 })).toBe('503 slow down (2 attempts in 800 ms)');
    expect(said(429, undefined, { attempts: 2, elapsedMs: 800 })).toBe('429 slow down (2 attempts in 800 ms)');
  });

  it('a 429 that asked for exactly the 60 s the client sleeps through was retried: only the wait is said', () => {
    expect(said(429, 60_000, { attempts: 2, elapsedMs: 61_000 })).toBe('429 slow down (2 attempts in 61 s; the server asked to wait 60 s)');
  });

  it('a 429 that asked for longer was not retried: says so, and after how many attempts', () => {
    const tail = 'the client waits by itself, so it was not retried';
    const fix = ': call again after that wait (error.retryAfter, in ms).';
    expect(said(429, 61_000)).toBe(`429 slow down. The server asked to wait 61 s (Retry-After), longer than the 60 s ${tail}${fix}`);
    expect(said(429, 120_000, { attempts: 2, elapsedMs: 900 })).toBe(
      `429 slow down. The server asked to wait 120 s (Retry-After), longer than the 60 s ${tail} (after 2 attempts in 900 ms)${fix}`,
    );
  });

  it('puts a full stop before a hint unless the message already ends in one or in a bracket', () => {
    const hint = { hint: 'Check the bot id.' };
    expect(said(404, undefined, hint, '{"message":"no bot v1.2 (draft) here"}')).toBe('404 no bot v1.2 (draft) here. Check the bot id.');
    expect(said(404, undefined, hint, '{"message":"Gone."}')).toBe('404 Gone. Check the bot id.');
    expect(said(404, undefined, { ...hint, attempts: 2, elapsedMs: 1000 })).toBe('404 slow down (2 attempts in 1 s) Check the bot id.');
  });
});
