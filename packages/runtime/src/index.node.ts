// The entry Node resolves (the `node` export condition; Bun has its own, Deno takes the universal one): the universal runtime,
// plus node:http (with the environment's proxies) for clients that bring no `fetch` of their own.
import { setDefaultWire } from './client.js';
import { createNodeWire } from './node-transport.js';
import { chooseProxy } from './proxy.js';

setDefaultWire((proxy) => createNodeWire(chooseProxy(proxy, process.env)));

export * from './index.js';
