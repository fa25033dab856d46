// Where an entry's bytes go (`pnpm --filter @coze/bench bundle:breakdown [entry id]`): the entry bundled as
// bundle.mjs does, but from the packages' TypeScript sources, so that esbuild's metafile names every module
// (the built dist merges them into chunks). Each module's gzip share is its share of the minified bytes
// applied to the whole bundle's gzip size: an estimate, since gzip does not split by module. The figures are
// of what the page loads up front; the modules split off behind a dynamic import are listed apart (`later`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENTRIES, browserBundle, gzipOf, minOf, splitOutputs } from './bundle.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** Module groups, first match wins: what a change would add or remove together. */
const GROUPS = [
  ['streaming (EventStream, SSE parser, ChatStream)', /runtime\/src\/streaming\/|client\/src\/chat-stream|stream-parse-error/],
  ['validation (schemas, checker, messages)', /validators\.gen|schema-check|client\/src\/validation|request-validation-error/],
  ['generated bindings (resources, params)', /sdk\.gen|runtime\.gen|runtime\/src\/params/],
  ['SDK options and identity (CozeAPI, checks, platform)', /client\/src\/(options|call-options|identity|coze-api|index)|platform|unknown-options|package\.json/],
  ['transport policy (attempts, redirects, bodies, wire)', /transport|attempt|redirects|cors-hint|body|wire|response-head|headers|url\.ts|base-url|auth|runtime\/src\/options|idempotency|sleep/],
  ['retries and errors', /retry|errors\/|format/],
  ['rate limiter', /rate-limit/],
  ['logging and redaction', /log\.ts|redact/],
  ['runtime client (calls, pages, fetch form)', /runtime\/src\/(client|api-promise|runtime-fetch)/],
];

export async function breakdown(contents) {
  const packageJson = {
    name: 'client-package-json',
    setup(build) {
      // identity.ts imports package.json for its version; the built dist keeps only that field.
      build.onLoad({ filter: /packages[\\/]client[\\/]package\.json$/ }, (args) => ({
        contents: JSON.stringify({ version: JSON.parse(readFileSync(args.path, 'utf8')).version }),
        loader: 'json',
      }));
    },
  };
  const result = await browserBundle(contents, {
    alias: { '@coze/client': `${repo}packages/client/src/index.ts`, '@coze/runtime': `${repo}packages/runtime/src/index.ts` },
    plugins: [packageJson],
  });
  const { upFront, lazy } = splitOutputs(result);
  const minBytes = minOf(upFront);
  const gzipBytes = gzipOf(upFront);
  const share = (bytes) => Math.round((bytes / minBytes) * gzipBytes);
  const modulesOf = (files) =>
    files
      .flatMap((file) => Object.entries(result.metafile.outputs[`out/${file.path.slice(file.path.lastIndexOf('/out/') + 5)}`].inputs))
      .map(([path, { bytesInOutput }]) => ({ path: path.replace(/^.*?(packages|tools)\//, '$1/'), minBytes: bytesInOutput }))
      .filter((module) => module.minBytes > 0)
      .sort((a, b) => b.minBytes - a.minBytes);
  const modules = modulesOf(upFront);
  const later = modulesOf(lazy);
  const groups = new Map();
  for (const module of modules) {
    const group = GROUPS.find(([, test]) => test.test(module.path))?.[0] ?? 'other';
    groups.set(group, (groups.get(group) ?? 0) + module.minBytes);
  }
  return {
    minBytes,
    gzipBytes,
    groups: [...groups].map(([name, minBytes]) => ({ name, minBytes, gzipShare: share(minBytes) })).sort((a, b) => b.minBytes - a.minBytes),
    modules: modules.map((module) => ({ ...module, gzipShare: share(module.minBytes) })),
    later,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const id = process.argv[2] ?? 'coze-client-chat';
  const entry = ENTRIES.find((candidate) => candidate.id === id);
  if (!entry) throw new Error(`No entry '${id}': one of ${ENTRIES.map((candidate) => candidate.id).join(', ')}`);
  const { minBytes, gzipBytes, groups, modules, later } = await breakdown(entry.contents);
  const row = (bytes, gzip, name) => `${String(bytes).padStart(8)} ${String(gzip).padStart(7)}  ${name}`;
  console.log(`${entry.label}, from the sources: ${minBytes} B minified, ${gzipBytes} B gzip\n`);
  console.log(row('min B', '~gzip B', 'group'));
  for (const group of groups) console.log(row(group.minBytes, group.gzipShare, group.name));
  console.log(`\n${row('min B', '~gzip B', 'module')}`);
  for (const module of modules) console.log(row(module.minBytes, module.gzipShare, module.path));
  if (later.length > 0) {
    console.log('\nloaded later, behind a dynamic import (min B):');
    for (const module of later) console.log(row(module.minBytes, '', module.path));
  }
}
