// The `runtime:node-http` project runs every runtime test again as Node users get it: JSON calls
// over node:http (the `node` export condition's transport) instead of fetch.
import { setDefaultBufferedFetch } from '../src/client.js';
import { createNodeBufferedFetch } from '../src/node-transport.js';

setDefaultBufferedFetch(createNodeBufferedFetch);

(globalThis as { __cozeTransport?: string }).__cozeTransport = 'node-http';
