// A Content-Encoding list with a coding the client does not know leaves the whole body as it came, on both
// transports, as Node's fetch does: `identity`, an empty entry and an unknown name count as unknown, wherever they
// stand in the list. The body here is plain JSON, so only a transport that tried to decode it would fail.
import { describe, expect, it } from 'vitest';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';

const fx = useIntegration();
const greeting = { greeting: '你好' };
const body = Buffer.from(JSON.stringify(greeting));

describe('a Content-Encoding list with an unknown coding', () => {
  it.each(['compress', 'compress, gzip', 'gzip, compress', 'identity, gzip', 'gzip, identity', 'gzip,', ', br', 'deflate, , gzip'])(
    '"%s": the body is handed over undecoded',
    async (encoding) => {
      const server = await fx.serve((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, 'content-length': body.length });
        res.end(body);
      });
      expect(await postThing(clientFor(server, { hooks: fx.hooks, maxRetries: 0 }))).toEqual(greeting);
    },
  );
});
