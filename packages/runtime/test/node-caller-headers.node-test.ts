// node:http only (the runtime:node-http project collects *.node-test.ts): the headers the transport adds itself
// (Host, Connection, Accept-Encoding) give way to the caller's own, sent once.
import { describe, expect, it } from 'vitest';
import { clientFor, postThing } from './helpers/client.js';
import { useIntegration } from './helpers/fixture.js';
import { json } from './helpers/server.js';

const fx = useIntegration();

describe('headers the caller set that node:http would add', () => {
  it.each([
    ['host', 'api.example.test'],
    ['connection', 'close'],
    ['accept-encoding', 'identity'],
  ])('%s: the caller’s value goes out, once', async (name, value) => {
    let rawHeaders: string[] = [];
    const server = await fx.serve((req, res) => {
      rawHeaders = req.rawHeaders;
      json(res, 200, {});
    });
    await postThing(clientFor(server), { headers: { [name]: value } });
    const sent: string[] = [];
    for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) sent.push(rawHeaders[i + 1]!);
    expect(sent).toEqual([value]);
  });
});
