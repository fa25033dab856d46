import { describe, expect, it } from 'vitest';
import { RequestValidationError, createClient } from '../src/index.js';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { rejectionOf } from './helpers/leaks.js';
import { json } from './helpers/server.js';

// The header rules at their edges (caller-input.test.ts has the findings that made them): which names and values
// pass and which are refused, what the error says, and that a header that passes arrives as it was given.
const fx = useIntegration();

function refusal(defaultHeaders: Record<string, string>): RequestValidationError | undefined {
  try {
    createClient({ apiKey: 'sk-test', defaultHeaders });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return error as RequestValidationError;
  }
}

const TOKEN_CHARS = "!#$%&'*+.^_`|~-";

describe('header names: RFC 9110 tokens only', () => {
  it.each([...TOKEN_CHARS, 'a', 'Z', '0', '9'])('a name with %j passes', (char) => {
    expect(refusal({ [`x${char}y`]: '1' })).toBeUndefined();
    expect(refusal({ [char]: '1' })).toBeUndefined();
  });

  it.each(['', ' ', 'x y', 'x:y', 'x(y', 'x)y', 'x/y', 'x"y', 'x@y', 'x[y', 'x{y', 'x=y', 'x\ty', 'xé', ':authority', 'x\n'])(
    'the name %j is refused: rule header-name, the name quoted, the value never',
    (name) => {
      const error = refusal({ [name]: 'the-value' });
      expect(error?.issues).toEqual([
        {
          field: `defaultHeaders[${JSON.stringify(name)}]`,
          rule: 'header-name',
          message: `defaultHeaders: ${JSON.stringify(name)} is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`,
        },
      ]);
      expect(error?.message).not.toContain('the-value');
    },
  );

  it('a long bad name is shown cut at 40 characters; one of 40 is shown whole', () => {
    const forty = `${'n'.repeat(39)} `;
    expect(refusal({ [forty]: '1' })?.issues[0]!.field).toBe(`defaultHeaders[${JSON.stringify(forty)}]`);
    const longer = `${forty}and more`;
    expect(refusal({ [longer]: '1' })?.issues[0]!.field).toBe(`defaultHeaders[${JSON.stringify(`${forty}…`)}]`);
  });
});

describe('header values: tab, visible ASCII, space and Latin-1', () => {
  it.each([
    ['empty', ''],
    ['a tab', 'a\tb'],
    ['a space', 'a b'],
    ['~ (0x7e)', '~'],
    ['0x80', '\x80'],
    ['ÿ (0xff)', 'ÿ'],
    ['every visible ASCII character', Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('')],
  ])('%s passes', (_, value) => {
    expect(refusal({ 'x-value': value })).toBeUndefined();
  });

  it.each([
    ['a NUL', 'a\0'],
    ['0x1f', '\x1fa'],
    ['a CR', 'a\rb'],
    ['a LF at the start', '\nb'],
    ['DEL (0x7f)', 'a\x7fb'],
    ['Ā (0x100)', 'Ā'],
    ['an emoji', 'ok 👍'],
  ])('%s is refused: rule header-value, the value never shown', (_, value) => {
    const error = refusal({ 'x-value': value });
    expect(error?.issues).toEqual([
      {
        field: 'defaultHeaders.x-value',
        rule: 'header-value',
        message:
          'defaultHeaders.x-value has a character not allowed in a header (a control character or one beyond Latin-1); the value is not shown',
      },
    ]);
  });
});

describe('every bad header is named at once', () => {
  it('a bad name and a bad value both, in order, and the good ones are not named', () => {
    const error = refusal({ 'x-good': 'ok', 'x bad': 'ok', 'x-value': 'a\rb', 'x-also-good': 'fine' });
    expect(error?.issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ['defaultHeaders["x bad"]', 'header-name'],
      ['defaultHeaders.x-value', 'header-value'],
    ]);
    expect(error?.message).toBe(`Invalid request: ${error!.issues.map((issue) => issue.message).join('; ')}`);
  });

  it('per call, the field is "headers", nothing is sent; headers at the edges arrive as given', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks });
    const error = (await rejectionOf(postThing(client, { headers: { 'x-a': 'a\x7f', 'x:b': '1' } }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues.map((issue) => issue.field)).toEqual(['headers.x-a', 'headers["x:b"]']);
    expect(server.arrivals).toHaveLength(0);
    await postThing(client, { headers: { "x-!#$%&'*+.^_`|~": 'a\tb ~' } });
    expect(server.arrivals[0]!.headers["x-!#$%&'*+.^_`|~"]).toBe('a\tb ~');
  });

  it('a call’s idempotencyKey is checked as a header, while the client’s own headers still go out', async () => {
    const server = await fx.serve((_, res) => json(res, 200, { ok: true }));
    const client = clientFor(server, { hooks: fx.hooks, defaultHeaders: { 'X-Team': 'ops' } });
    const error = (await rejectionOf(postThing(client, { idempotencyKey: 'key\r\nx-injected: 1' }))) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([['headers.idempotency-key', 'header-value']]);
    expect(error.message).not.toContain('x-injected');
    expect(server.arrivals).toHaveLength(0);
    await postThing(client, { idempotencyKey: 'order-1' });
    expect(server.arrivals[0]!.headers['idempotency-key']).toBe('order-1');
    expect(server.arrivals[0]!.headers['x-team']).toBe('ops');
  });
});
