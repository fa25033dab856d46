// Content-Encoding among other headers, undone the same way by both transports: a header whose name is as long as
// "content-encoding" (Content-Language, 16 characters) after it is not a coding.
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';

const fx = useIntegration();

it('a Content-Language after Content-Encoding leaves the gzip body decoded', async () => {
  const greeting = { greeting: '你好' };
  const encoded = gzipSync(Buffer.from(JSON.stringify(greeting)));
  const server = await fx.serve((_, res) => {
    res.writeHead(200, [
      ['content-type', 'application/json'],
      ['content-encoding', 'gzip'],
      ['content-language', 'zh-CN'],
      ['content-length', String(encoded.length)],
    ].flat());
    res.end(encoded);
  });
  expect(await postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 }))).toEqual(greeting);
});
