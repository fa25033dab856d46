// The smoke suite's entry for Node with require(): the CommonJS build, as a CommonJS app loads it.
const sdk = require('@coze/client');

const [baseURL, apiKey] = process.argv.slice(2);
import('./suite.mjs')
  .then(({ smoke }) => smoke(sdk, { baseURL, apiKey }))
  .then((results) => console.log(JSON.stringify(results)));
