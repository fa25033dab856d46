import { describe, expect, it } from 'vitest';
import { RequestValidationError, createClient } from '../src/index.js';

// client.buildUrl (what every call sends to): the path template and the query at their edges. client.test.ts sends
// one through a server; these need none, since buildUrl sends nothing.
// A client per build, made inside the test: one made as the file loads runs createClient outside any test, which makes
// Stryker take createClient's mutants for static ones (the mutation README says what that cost).
const build = (url: string, path?: Record<string, unknown>, query?: Record<string, unknown>) =>
  createClient({ baseUrl: 'https://api.example.test/v1', apiKey: 'sk-test' }).buildUrl({ url, path, query });

function refusal(fn: () => unknown): RequestValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return error as RequestValidationError;
  }
  throw new Error('expected a RequestValidationError');
}

describe('client.buildUrl: the path', () => {
  it('fills every parameter, encoded, and leaves a template without one as it is', () => {
    expect(build('/a/{x}/b/{y}', { x: 'one two', y: 'ä/?#' })).toBe('https://api.example.test/v1/a/one%20two/b/%C3%A4%2F%3F%23');
    expect(build('/plain', { x: 'unused' })).toBe('https://api.example.test/v1/plain');
    expect(build('/plain')).toBe('https://api.example.test/v1/plain');
  });

  it('fills 0 and false, which are values', () => {
    expect(build('/n/{n}/b/{b}', { n: 0, b: false })).toBe('https://api.example.test/v1/n/0/b/false');
  });

  it.each([
    ['missing', {}],
    ['undefined', { id: undefined }],
    ['null', { id: null }],
    ['empty', { id: '' }],
  ])('refuses a parameter that is %s, naming it', (_, path) => {
    const error = refusal(() => build('/w/{id}', path));
    expect(error.issues).toEqual([{ field: 'path.id', rule: 'required', message: 'path.id is required' }]);
  });

  it('refuses a template with parameters and no path at all', () => {
    expect(refusal(() => build('/w/{id}')).issues[0]!.field).toBe('path.id');
  });

  it('leaves braces with no name in them alone', () => {
    expect(build('/w/{}', {})).toBe('https://api.example.test/v1/w/{}');
  });
});

describe('client.buildUrl: the query', () => {
  it('repeats arrays, turns values into text and keeps their order', () => {
    expect(build('/q', undefined, { b: 2, a: ['x', 1, true], c: 'd e&f' })).toBe(
      'https://api.example.test/v1/q?b=2&a=x&a=1&a=true&c=d+e%26f',
    );
  });

  it('adds no "?" when every value is left out (undefined, null, an empty array) or there is none', () => {
    expect(build('/q', undefined, { a: undefined, b: null, c: [] })).toBe('https://api.example.test/v1/q');
    expect(build('/q', undefined, {})).toBe('https://api.example.test/v1/q');
  });

  it('keeps empty strings, 0 and false', () => {
    expect(build('/q', undefined, { a: '', b: 0, c: false })).toBe('https://api.example.test/v1/q?a=&b=0&c=false');
  });

  it('leaves out null and undefined but keeps the others', () => {
    expect(build('/q', undefined, { a: null, b: 'kept', c: undefined })).toBe('https://api.example.test/v1/q?b=kept');
  });
});
