// Helpers for this package's tests: real requests over loopback with the global fetch.
import { loadContract } from './contract.js';
import { validateResponse } from './validation.js';

/**
 * @typedef {import('../index.js').MockServer} MockServer
 * @typedef {{ token?: 'read' | 'write' | 'admin' | string | null, method?: string, body?: unknown,
 *   headers?: Record<string, string>, signal?: AbortSignal }} CallOptions
 * @typedef {{ status: number, headers: Headers, body: any, text: string, events?: { event: string, data: any }[] }} Reply
 */

/**
 * Calls the server and reads the whole reply. `token` is a level of the server's demo tokens, a literal token,
 * or null for none (default: admin). An object `body` is sent as JSON.
 *
 * @param {MockServer} server
 * @param {string} path relative to the base URL, e.g. `/workflow?limit=2`
 * @param {CallOptions} [options]
 * @returns {Promise<Reply>}
 */
export async function call(server, path, { token = 'admin', method, body, headers = {}, signal } = {}) {
  const bearer = token === null ? undefined : (server.tokens[/** @type {'read'} */ (token)] ?? token);
  const response = await fetch(server.url + path, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    return { status: response.status, headers: response.headers, body: undefined, text, events: parseEvents(text) };
  }
  return { status: response.status, headers: response.headers, body: type.includes('json') ? JSON.parse(text) : text, text };
}

/**
 * Splits a complete event stream into `{ event, data }`, `data` parsed as JSON. The server writes one `event:` and
 * one `data:` line per event, so this is not a general SSE parser (the client has that); it only reads our output.
 *
 * @param {string} text
 */
export function parseEvents(text) {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const fields = Object.fromEntries(
        block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]),
      );
      return { event: String(fields.event), data: JSON.parse(String(fields.data)) };
    });
}

/**
 * The problems the spec finds with a reply (empty when it conforms).
 *
 * @param {MockServer} server
 * @param {string} method
 * @param {string} path relative to the base URL
 * @param {Reply} reply
 * @param {string} [spec] the spec the server serves, when not the repository's
 */
export async function specProblems(server, method, path, reply, spec) {
  const contract = await loadContract(spec);
  return validateResponse(contract, {
    method,
    pathname: new URL(server.url + path).pathname,
    status: reply.status,
    headers: reply.headers,
    body: reply.events ?? reply.body,
  });
}

/**
 * Creates a workflow and returns it.
 *
 * @param {MockServer} server
 * @param {Record<string, unknown>} [fields]
 */
export async function createWorkflow(server, fields = {}) {
  const reply = await call(server, '/workflow', { body: { name: 'test', ...fields } });
  if (reply.status !== 201) throw new Error(`create answered ${reply.status}: ${reply.text}`);
  return reply.body;
}
