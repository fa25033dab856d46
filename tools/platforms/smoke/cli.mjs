// The smoke suite's entry for Node, Bun and Deno, as an ES module: `<runtime> cli.mjs <baseURL> <apiKey>`.
// Prints the results as one line of JSON.
import * as sdk from '@coze/client';
import { smoke } from './suite.mjs';

const [baseURL, apiKey] = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
console.log(JSON.stringify(await smoke(sdk, { baseURL, apiKey })));
