// The path and query a request goes out with are those the URL parser makes of the URL, on both transports (the
// node:http one takes a plain path as it is and parses the rest, as fetch would): dot segments resolved, characters
// the URL standard encodes percent-encoded, the fragment left behind, an empty path made "/".
import { describe, expect, it } from 'vitest';
import { BEARER, clientFor } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('the request line’s path', () => {
  it.each([
    ['/things/a-b_c.d~e/1?x=1&y=%20', '/things/a-b_c.d~e/1?x=1&y=%20'],
    ['/a/./b/../things', '/a/things'],
    ['/a/..', '/'],
    ['/things/.hidden', '/things/.hidden'],
    ['/things/"q"', '/things/%22q%22'],
    ['/things?q=a b', '/things?q=a%20b'],
    ["/things?q='x'", '/things?q=%27x%27'],
    ['/things/你好', '/things/%E4%BD%A0%E5%A5%BD'],
    ['/things/a|b^c', '/things/a|b^c'],
    ['/things#fragment', '/things'],
  ])('%s goes out as %s', async (path, sent) => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    await clientFor(server).get({ url: path, security: BEARER });
    expect(server.arrivals.map((arrival) => arrival.url)).toEqual([sent]);
  });

  it('an absolute URL with no path (a client without a base URL) goes out as "/", its query kept', async () => {
    const server = await fx.serve((_, res) => json(res, 200, {}));
    await clientFor(server, { baseUrl: '' }).get({ url: `${server.url}?q=1`, security: BEARER });
    expect(server.arrivals.map((arrival) => arrival.url)).toEqual(['/?q=1']);
  });
});
