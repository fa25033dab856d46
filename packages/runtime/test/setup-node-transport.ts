// The `runtime:node-http` project runs every runtime test again as Node users get it: JSON calls
// and streams over node:http (the `node` export condition's transport) instead of fetch.
import { setDefaultWire } from '../src/client.js';
import { createNodeWire } from '../src/node-transport.js';
import { chooseProxy } from '../src/proxy.js';

setDefaultWire((proxy) => createNodeWire(chooseProxy(proxy, process.env)));

(globalThis as { __cozeTransport?: string }).__cozeTransport = 'node-http';
