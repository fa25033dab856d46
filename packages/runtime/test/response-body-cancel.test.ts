// A streamed body cancelled while the next piece is on its way, on both transports: nothing reaches the cancelled
// stream. Over node:http a gzip body goes on decoding after the connection is closed (zlib works off what it was
// given): a piece enqueued after the cancel would throw from a microtask, an error no caller could catch (the test
// run reports it as unhandled).
import zlib from 'node:zlib';
import { expect, it } from 'vitest';
import { clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { delay } from './helpers/server.js';

const fx = useIntegration();
// 8 MiB of text in 8 kB of gzip: one write, and zlib hands it over in some 500 pieces, one per turn.
const COMPRESSED = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024, 'a'));

it('a gzip body cancelled while the decoder works on the next piece: nothing comes after', async () => {
  const server = await fx.serve((_, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.end(COMPRESSED);
  });
  // Asked for as a stream: client.fetch reads any other body whole before it answers.
  const response = await clientFor(server, { hooks: fx.hooks }).fetch(`${server.url}/big`, { headers: { accept: 'text/event-stream' } });
  const reader = response.body!.getReader();
  expect((await reader.read()).done).toBe(false);
  // Time for the decoder to stop, its output unread: the next read sets it going again, and the cancel comes while
  // it is working. The waiting read ends with the cancel.
  await delay(20);
  const waiting = reader.read();
  await reader.cancel();
  expect(await waiting).toEqual({ done: true, value: undefined });
  // The decoder's pieces still on their way come in these turns.
  await delay(100);
  expect(await reader.read()).toEqual({ done: true, value: undefined });
});
