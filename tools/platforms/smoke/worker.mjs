// The smoke suite as a Cloudflare Worker (bundled by esbuild, run by workerd through miniflare): each
// request runs the suite against env.BASE_URL and answers with the results. `/shared?n=N` makes N calls
// at once on one client kept for the isolate's life, as apps keep one: calls of overlapping requests then
// wait in the same rate-limit line, and a Worker's timers end with the request that made them.
import * as sdk from '@coze/client';
import { smoke } from './suite.mjs';

/** @type {import('@coze/client').CozeAPI | undefined} */
let shared;

export default {
  /** @param {Request} request @param {{ BASE_URL: string, API_KEY: string }} env */
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/shared') {
      shared ??= new sdk.CozeAPI({ apiKey: env.API_KEY, baseURL: env.BASE_URL });
      const calls = Number(url.searchParams.get('n'));
      const chats = await Promise.all(Array.from({ length: calls }, () => shared.chat.create({ messages: [{ role: 'user', content: 'hi' }] })));
      return new Response(`${chats.length} chats`);
    }
    return Response.json(await smoke(sdk, { baseURL: env.BASE_URL, apiKey: env.API_KEY }));
  },
};
