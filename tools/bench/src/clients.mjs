// The clients compared, each reduced to "send one chat, resolve to the parsed chat". Every one
// posts the same JSON body to `${baseURL}/chat` with a bearer token and parses the JSON answer.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { CozeAPI as OfficialCozeAPI } from '@coze/api';
import { CozeAPI } from '@coze/client';
import { createFetchClient } from '@coze/client/fetch';
import OpenAI from 'openai';
import createOpenApiFetch from 'openapi-fetch';
import { Agent, request as undiciRequest } from 'undici';
import { CHAT_REQUEST } from './chat-fixture.mjs';
import { loadHeyApi } from './hey-api.mjs';

/**
 * @typedef {{ call: () => Promise<unknown>, close?: () => Promise<void> }} Client
 * @typedef {{ name: string, note?: string, diagnostic?: boolean, create: (baseURL: string, token: string) => Promise<Client> | Client }} ClientSpec
 */

// The baselines serialize the body on every call, as every client must.

/** @type {ClientSpec} */
export const rawFetch = {
  name: 'raw fetch(url, init)',
  create: (baseURL, token) => {
    const url = `${baseURL}/chat`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    return { call: async () => (await fetch(url, { method: 'POST', headers, body: JSON.stringify(CHAT_REQUEST) })).json() };
  },
};

/**
 * One POST over node:http with a keep-alive agent, written by hand: the body serialized, the answer
 * parsed, nothing else (no validation, retries, limits or errors). `extraHeaders` are added to the two
 * every client sends.
 */
function handWrittenNodeHttp(baseURL, token, extraHeaders = () => ({})) {
  const url = new URL(`${baseURL}/chat`);
  const agent = new HttpAgent({ keepAlive: true });
  const call = () =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(CHAT_REQUEST);
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, ...extraHeaders() };
      const req = httpRequest(url, { method: 'POST', agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`HTTP ${res.statusCode}`))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return { call, close: async () => agent.destroy() };
}

/**
 * node:http with a keep-alive agent, written by hand: the same POST and JSON.parse with nothing else.
 * Issue 18's ceiling: CozeAPI.chat.create, whose Node transport is node:http too, should reach 0.9× of it.
 * @type {ClientSpec}
 */
export const nodeHttp = {
  name: 'node:http.request, keep-alive (hand-written)',
  note: 'the ceiling: one POST and JSON.parse, nothing else',
  create: (baseURL, token) => handWrittenNodeHttp(baseURL, token),
};

/** A User-Agent of the SDK's length and form. */
const SDK_USER_AGENT = `coze-client-ts/0.1.0 (node ${process.versions.node}; ${process.platform})`;

/**
 * The same hand-written request with the headers CozeAPI sends on every call (Accept, Accept-Encoding,
 * User-Agent, a fresh Idempotency-Key): what those headers alone cost on node:http and at the server,
 * so the SDK's own cost can be told from the request it must make.
 * @type {ClientSpec}
 */
export const nodeHttpSdkHeaders = {
  name: '  ↳ the same with the SDK’s headers',
  note: 'diagnostic: + accept, accept-encoding, user-agent, idempotency-key',
  diagnostic: true,
  create: (baseURL, token) =>
    handWrittenNodeHttp(baseURL, token, () => ({
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': SDK_USER_AGENT,
      'idempotency-key': crypto.randomUUID(),
    })),
};

/** @type {ClientSpec} */
export const undici = {
  name: 'undici.request (npm 7.x)',
  create: (baseURL, token) => {
    const url = `${baseURL}/chat`;
    const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    return {
      call: async () =>
        (await undiciRequest(url, { method: 'POST', headers, body: JSON.stringify(CHAT_REQUEST), dispatcher })).body.json(),
      close: () => dispatcher.close(),
    };
  },
};

/** @type {ClientSpec} */
export const openapiFetch = {
  name: 'openapi-fetch 0.17',
  create: (baseURL, token) => {
    const client = createOpenApiFetch({ baseUrl: baseURL, headers: { authorization: `Bearer ${token}` } });
    return { call: async () => (await client.POST('/chat', { body: CHAT_REQUEST })).data };
  },
};

/** @type {ClientSpec} */
export const heyApi = {
  name: 'hey-api client-fetch (bundled)',
  create: async (baseURL, token) => {
    const { client, chatCreate } = await loadHeyApi();
    client.setConfig({ baseUrl: baseURL, auth: token });
    return { call: async () => (await chatCreate({ body: CHAT_REQUEST, throwOnError: true })).data };
  },
};

/** @type {ClientSpec} */
export const cozeClient = {
  name: 'CozeAPI chat.create',
  note: 'retries armed (maxRetries 2), rateLimit: false',
  create: (baseURL, token) => {
    const coze = new CozeAPI({ apiKey: token, baseURL, rateLimit: false });
    return { call: () => coze.chat.create(CHAT_REQUEST) };
  },
};

/** @type {ClientSpec} */
export const cozeClientNoValidation = {
  name: '  ↳ CozeAPI, validateRequests: false',
  note: 'diagnostic: the same without the ajv request check',
  diagnostic: true,
  create: (baseURL, token) => {
    const coze = new CozeAPI({ apiKey: token, baseURL, rateLimit: false, validateRequests: false });
    return { call: () => coze.chat.create(CHAT_REQUEST) };
  },
};

/** @type {ClientSpec} */
export const cozeClientLimited = {
  name: 'CozeAPI chat.create',
  note: 'defaults: limiter 10/s burst 10, maxRetries 2',
  create: (baseURL, token) => {
    const coze = new CozeAPI({ apiKey: token, baseURL });
    return { call: () => coze.chat.create(CHAT_REQUEST) };
  },
};

/**
 * The same over warm connections: ten calls open the connections, then both buckets refill before
 * the measured calls start (the server's count includes the warm-up, which runQuota subtracts).
 * @type {ClientSpec & { warmUpCalls: number }}
 */
export const cozeClientLimitedWarm = {
  name: 'CozeAPI chat.create, warm connections',
  note: 'defaults; 10 calls and a 2.5 s pause first',
  warmUpCalls: 10,
  create: async (baseURL, token) => {
    const coze = new CozeAPI({ apiKey: token, baseURL });
    await Promise.all(Array.from({ length: 10 }, () => coze.chat.create(CHAT_REQUEST)));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    return { call: () => coze.chat.create(CHAT_REQUEST) };
  },
};

/** @type {ClientSpec} */
export const cozeFetch = {
  name: '@coze/client/fetch POST',
  note: 'openapi-fetch on our runtime, rateLimit: false',
  create: (baseURL, token) => {
    const client = createFetchClient({ apiKey: token, baseURL, rateLimit: false });
    return { call: async () => (await client.POST('/chat', { body: CHAT_REQUEST })).data };
  },
};

/**
 * @coze/api's chat.create posts `/v3/chat` and returns the `data` field of Coze's `{code, msg, data}`
 * envelope, a shape our v1 API does not have; so it is measured on the request path chat.create
 * runs on, `APIClient.post()` (axios' node http adapter), with our body and path.
 * @type {ClientSpec}
 */
export const officialCoze = {
  name: '@coze/api 1.3.9 (APIClient.post)',
  note: 'chat.create minus its /v3 payload shaping; axios http adapter',
  create: (baseURL, token) => {
    const coze = new OfficialCozeAPI({ token, baseURL });
    return { call: () => coze.post('/chat', CHAT_REQUEST) };
  },
};

/** @type {ClientSpec} */
export const openai = {
  name: 'openai 6 (client.post)',
  note: 'default maxRetries 2',
  create: (baseURL, token) => {
    const client = new OpenAI({ apiKey: token, baseURL });
    return { call: () => client.post('/chat', { body: CHAT_REQUEST }) };
  },
};

/**
 * Raw fetch with the retry loop people write by hand: on 429, sleep Retry-After seconds (1 s when
 * absent) and try again, at most `maxAttempts` times.
 * @type {ClientSpec}
 */
export const rawFetchNaiveRetry = {
  name: 'raw fetch + naive 429 retry',
  note: 'sleep Retry-After, retry (≤ 100 attempts)',
  create: (baseURL, token) => {
    const url = `${baseURL}/chat`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const maxAttempts = 100;
    return {
      call: async () => {
        for (let attempt = 1; ; attempt++) {
          const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(CHAT_REQUEST) });
          if (response.ok) return response.json();
          await response.arrayBuffer();
          if (response.status !== 429 || attempt >= maxAttempts) throw new Error(`HTTP ${response.status}`);
          const seconds = Number(response.headers.get('retry-after') ?? '1');
          await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(seconds) ? seconds : 1) * 1000));
        }
      },
    };
  },
};

export const THROUGHPUT_CLIENTS = [
  rawFetch,
  undici,
  nodeHttp,
  nodeHttpSdkHeaders,
  openapiFetch,
  heyApi,
  cozeClient,
  cozeClientNoValidation,
  cozeFetch,
  officialCoze,
  openai,
];

export const QUOTA_CLIENTS = [cozeClientLimited, cozeClientLimitedWarm, officialCoze, openai, rawFetchNaiveRetry];
