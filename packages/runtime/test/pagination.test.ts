import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CozeError } from '../src/index.js';
import { BEARER, clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json } from './helpers/server.js';

/** Following cursor pages (issue 12, finding 11): a server that repeats a cursor must not loop the client forever. */
const fx = useIntegration();

/** Iterates every item, giving up (as a failure) after `limit` items so the old endless loop cannot hang the test. */
async function items(iterable: AsyncIterable<unknown>, limit = 50): Promise<{ seen: unknown[]; error: unknown }> {
  const seen: unknown[] = [];
  try {
    for await (const item of iterable) {
      seen.push(item);
      if (seen.length >= limit) throw new Error(`still paging after ${limit} items`);
    }
  } catch (error) {
    return { seen, error };
  }
  return { seen, error: undefined };
}

describe('cursor pages', () => {
  it('a server that answers every page with the same next_cursor and has_more: a clear error after one repeat', async () => {
    const server = await fx.serve((req, res) => json(res, 200, { data: [req.url], has_more: true, next_cursor: 'c-same' }));
    const client = clientFor(server, { hooks: fx.hooks });
    const { seen, error } = await items(client.get({ url: '/things', security: BEARER }));
    expect(error).toBeInstanceOf(CozeError);
    expect((error as Error).message).toBe(
      "Paging stopped: the server returned the cursor 'c-same' again (page 3 would repeat page 2), with has_more still true.",
    );
    expect(seen).toEqual(['/things', '/things?cursor=c-same']);
    expect(server.arrivals).toHaveLength(2);
  });

  it('a cycle of cursors (a → b → a) stops where it would repeat', async () => {
    const next: Record<string, string> = { '/things': 'a', '/things?cursor=a': 'b', '/things?cursor=b': 'a' };
    const server = await fx.serve((req, res) => json(res, 200, { data: [req.url], has_more: true, next_cursor: next[req.url!] }));
    const { seen, error } = await items(clientFor(server, { hooks: fx.hooks }).get({ url: '/things', security: BEARER }));
    expect((error as Error).message).toMatch(/^Paging stopped: the server returned the cursor 'a' again \(page 4 would repeat page 2\)/);
    expect(seen).toHaveLength(3);
    expect(server.arrivals).toHaveLength(3);
  });

  it('distinct cursors are followed to the last page', async () => {
    const server = await fx.serve((req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('cursor') ?? 0);
      json(res, 200, { data: [page], has_more: page < 4, next_cursor: page < 4 ? String(page + 1) : null });
    });
    const { seen, error } = await items(clientFor(server, { hooks: fx.hooks }).get({ url: '/things', security: BEARER }));
    expect(error).toBeUndefined();
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops at a page whose has_more is false, even if it carries a next_cursor', async () => {
    const server = await fx.serve((req, res) => json(res, 200, { data: [req.url], has_more: false, next_cursor: 'c-more' }));
    const { seen, error } = await items(clientFor(server, { hooks: fx.hooks }).get({ url: '/things', security: BEARER }));
    expect(error).toBeUndefined();
    expect(seen).toEqual(['/things']);
    expect(server.arrivals).toHaveLength(1);
  });

  it('shows a repeated cursor whole up to 64 characters, and its first 64 with an ellipsis beyond', async () => {
    for (const [cursor, shown] of [
      ['c'.repeat(64), 'c'.repeat(64)],
      [`${'d'.repeat(64)}tail`, `${'d'.repeat(64)}…`],
    ]) {
      const server = await fx.serve((_, res) => json(res, 200, { data: [1], has_more: true, next_cursor: cursor }));
      const { error } = await items(clientFor(server, { hooks: fx.hooks }).get({ url: '/things', security: BEARER }));
      expect((error as Error).message).toBe(
        `Paging stopped: the server returned the cursor '${shown}' again (page 3 would repeat page 2), with has_more still true.`,
      );
    }
  });
});

describe('a response that is not a cursor page', () => {
  // JSON null, an object without a `data` array, an empty body (undefined), a JSON string.
  const answers: Array<[string, (res: ServerResponse) => void]> = [
    ['null', (res) => json(res, 200, null)],
    ['an object without data', (res) => json(res, 200, { items: [1], has_more: false })],
    ['an empty body', (res) => void res.writeHead(204).end()],
    ['a string', (res) => json(res, 200, 'data')],
  ];
  for (const [name, answer] of answers) {
    it(`cannot be iterated: ${name} ends in a CozeError saying so`, async () => {
      const server = await fx.serve((_, res) => answer(res));
      const { seen, error } = await items(clientFor(server, { hooks: fx.hooks }).get({ url: '/things', security: BEARER }));
      expect(seen).toEqual([]);
      expect(error).toBeInstanceOf(CozeError);
      expect((error as Error).message).toBe('This response is not a cursor page ({data, has_more, next_cursor}); it cannot be iterated.');
    });
  }
});
