#!/usr/bin/env node
// Starts the embedded Coze server (tools/mock-server) for the Python tests and lets them drive it over stdin and
// stdout, one JSON object per line: the first line out is {url, tokens}; then each command line
// {"id": n, "cmd": "requests" | "reset" | "faults" | "spec" | "close", "args": [...]} gets {"id": n, "result"} or
// {"id": n, "error"}. The server stops when stdin closes, so a test run that dies leaves nothing behind.
import { createInterface } from 'node:readline';
import { bundle, createConfig } from '@redocly/openapi-core';
import { startMockServer } from '@coze/mock-server';

const options = JSON.parse(process.argv[2] ?? '{}');
const server = await startMockServer(options);
const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
reply({ url: server.url, tokens: server.tokens });

async function dereferencedSpec() {
  const specUrl = new URL('../../../spec/coze.v1.yaml', import.meta.url);
  const result = await bundle({ ref: specUrl.pathname, config: await createConfig({}), dereference: true });
  // A dereferenced document shares objects; JSON writes each copy in full.
  return JSON.parse(JSON.stringify(result.bundle.parsed));
}

const commands = {
  requests: () => server.requests,
  reset: () => server.reset(),
  faults: (...entries) => server.faults.push(...entries),
  pending: () => server.faults.pending,
  spec: dereferencedSpec,
};

let closing;
const stop = () => {
  closing ??= server.close().then(() => process.exit(0));
  return closing;
};

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (!line.trim()) return;
  const { id, cmd, args = [] } = JSON.parse(line);
  if (cmd === 'close') {
    reply({ id, result: null });
    return stop();
  }
  try {
    const command = commands[cmd];
    if (!command) throw new Error(`unknown command ${cmd}`);
    reply({ id, result: (await command(...args)) ?? null });
  } catch (error) {
    reply({ id, error: String(error?.message ?? error) });
  }
}).on('close', stop);
process.on('SIGTERM', stop);
