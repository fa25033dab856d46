// "Copy as": the request on screen as curl, TypeScript (@coze/client) and Python (the coze package), with the
// token replaced by a placeholder. The values are exactly those the console sends.

import { tsLiteral } from '@coze/docs/ts-literal';
import type { Operation } from './model.js';

/** The request on screen: the operation's parameters by name, its body, and whether it is streamed. */
export interface ScreenRequest {
  baseURL: string;
  params: Record<string, unknown>;
  body: Record<string, unknown> | undefined;
  stream: boolean;
}

export type SnippetLanguage = 'curl' | 'typescript' | 'python';
export const SNIPPET_LANGUAGES: ReadonlyArray<{ id: SnippetLanguage; label: string }> = [
  { id: 'curl', label: 'curl' },
  { id: 'typescript', label: 'TypeScript' },
  { id: 'python', label: 'Python' },
];

function shellQuote(text: string): string {
  return /^[\w/:.,=~@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The URL the request goes to: the server, the path with its parameters, the query. */
export function requestUrl(op: Operation, request: ScreenRequest): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(request.params[name] ?? '')));
  const query = new URLSearchParams();
  for (const p of op.params) {
    const value = request.params[p.name];
    if (p.in === 'query' && value !== undefined) query.set(p.name, String(value));
  }
  const search = query.toString();
  return `${request.baseURL.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}

function curl(op: Operation, request: ScreenRequest): string {
  const url = shellQuote(requestUrl(op, request));
  const lines = [op.method === 'GET' ? `curl ${url}` : `curl -X ${op.method} ${url}`];
  if (request.stream) lines[0] = lines[0]!.replace('curl ', 'curl -N ');
  // Double quotes, so that the shell expands the variable.
  lines.push('-H "Authorization: Bearer $COZE_API_KEY"');
  for (const p of op.params) {
    const value = request.params[p.name];
    if (p.in === 'header' && value !== undefined) lines.push(`-H ${shellQuote(`${p.name}: ${value}`)}`);
  }
  if (request.stream) lines.push("-H 'Accept: text/event-stream'");
  if (request.body !== undefined) {
    lines.push("-H 'Content-Type: application/json'");
    const body = request.stream ? { ...request.body, stream: true } : request.body;
    lines.push(`-d ${shellQuote(JSON.stringify(body, null, 2).replace(/\n/g, '\n  '))}`);
  }
  return lines.join(' \\\n  ');
}

/** The method's one argument: parameters and body fields side by side, as the generated methods take them. */
function flatArguments(op: Operation, request: ScreenRequest): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const p of op.params) if (request.params[p.name] !== undefined) args[p.name] = request.params[p.name];
  for (const [name, value] of Object.entries(request.body ?? {})) {
    if (!(request.stream && name === 'stream')) args[name] = value;
  }
  return args;
}

function call(prefix: string, target: string, args: Record<string, unknown>): string {
  const head = `${prefix}${target}(`;
  return Object.keys(args).length === 0 ? `${prefix}${target}()` : `${head}${tsLiteral(args, 0, head.length)})`;
}

function typescript(op: Operation, request: ScreenRequest, defaultServer: string | undefined): string {
  const options: Record<string, unknown> = {};
  const lines = ["import { CozeAPI } from '@coze/client';", ''];
  const baseURL = request.baseURL === defaultServer ? '' : `, baseURL: ${tsLiteral(request.baseURL)}`;
  lines.push(`const coze = new CozeAPI({ apiKey: process.env.COZE_API_KEY${baseURL} });`, '');
  Object.assign(options, flatArguments(op, request));
  if (request.stream) {
    lines.push(`${call('const stream = ', `coze.${op.resource}.stream`, options)};`);
    lines.push('for await (const event of stream) {', '  console.log(event.event, event.data);', '}');
  } else {
    lines.push(`${call('const result = await ', `coze.${op.resource}.${op.verb}`, options)};`, 'console.log(result);');
  }
  return lines.join('\n');
}

/** A Python literal for a JSON value, on one line when short, else indented by four. */
export function pythonLiteral(value: unknown, indent = 0): string {
  const flat = pythonFlat(value);
  if (flat.length + indent <= 72 || value === null || typeof value !== 'object') return flat;
  const pad = ' '.repeat(indent + 4);
  const entries = Array.isArray(value)
    ? value.map((item) => `${pad}${pythonLiteral(item, indent + 4)}`)
    : Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, indent + 4)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${entries.join(',\n')},\n${' '.repeat(indent)}${close}`;
}

function pythonFlat(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(pythonFlat).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonFlat(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** A keyword argument's name: header parameters such as `Idempotency-Key` become `idempotency_key`. */
function pythonName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
}

function python(op: Operation, request: ScreenRequest, defaultServer: string | undefined): string {
  const baseURL = request.baseURL === defaultServer ? '' : `, base_url=${JSON.stringify(request.baseURL)}`;
  const lines = ['from coze import CozeAPI', '', `coze = CozeAPI(api_key="YOUR_API_KEY"${baseURL})`, ''];
  const args = Object.entries(flatArguments(op, request)).map(([k, v]) => `    ${pythonName(k)}=${pythonLiteral(v, 4)},`);
  const target = `coze.${op.resource}.${request.stream ? 'stream' : op.verb}`;
  const invocation = args.length ? `${target}(\n${args.join('\n')}\n)` : `${target}()`;
  if (request.stream) {
    lines.push(`for event in ${invocation}:`, '    print(event)');
  } else {
    lines.push(`response = ${invocation}`, 'print(response)');
  }
  return lines.join('\n');
}

/**
 * The request as code in `language`.
 *
 * @example
 * snippet('curl', op, { baseURL: 'https://api.coze.cn/v1', params: {}, body: { messages }, stream: false });
 */
export function snippet(
  language: SnippetLanguage,
  op: Operation,
  request: ScreenRequest,
  defaultServer?: string,
): string {
  if (language === 'curl') return curl(op, request);
  if (language === 'typescript') return typescript(op, request, defaultServer);
  return python(op, request, defaultServer);
}
