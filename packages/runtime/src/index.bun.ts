// The entry Bun resolves (the `bun` export condition): the universal runtime over Bun's own fetch,
// which runs the SDK faster there than Bun's node:http does (about 1.5× at 16 calls in flight, a
// little at one). node:http stays wherever a proxy is in play (the `proxy` option, `false` included,
// or the environment's), since the proxy policy lives in that transport.
import { setDefaultWire } from './client.js';
import { createNodeWire } from './node-transport.js';
import { chooseProxy } from './proxy.js';
import { fetchWire } from './wire.js';

setDefaultWire((proxy) => {
  const chosen = chooseProxy(proxy, process.env);
  if (proxy !== undefined || chosen !== undefined) return createNodeWire(chosen);
  return fetchWire((input, init) => fetch(input, init));
});

export * from './index.js';
