// The entry Node resolves (the `node` export condition): the universal runtime, plus node:http for
// JSON calls of clients that bring no `fetch` of their own.
import { setDefaultBufferedFetch } from './client.js';
import { createNodeBufferedFetch } from './node-transport.js';

setDefaultBufferedFetch(createNodeBufferedFetch);

export * from './index.js';
