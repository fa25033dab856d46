// The smoke suite as a Cloudflare Worker (bundled by esbuild, run by workerd through miniflare): each
// request runs the suite against env.BASE_URL and answers with the results.
import * as sdk from '@coze/client';
import { smoke } from './suite.mjs';

export default {
  /** @param {Request} _request @param {{ BASE_URL: string, API_KEY: string }} env */
  async fetch(_request, env) {
    return Response.json(await smoke(sdk, { baseURL: env.BASE_URL, apiKey: env.API_KEY }));
  },
};
