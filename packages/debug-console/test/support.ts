import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const packageDir = fileURLToPath(new URL('../', import.meta.url));
export const repoDir = fileURLToPath(new URL('../../../', import.meta.url));
export const pagePath = `${packageDir}dist/index.html`;

// Debian's chromium by default; CHROMIUM_PATH points elsewhere (GitHub's runners have Google Chrome).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without these, headless Chromium keeps calling hosts of its own (updates, sync, field trials).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The page as `pnpm build` wrote it; fails with what to run when it was not built. */
export async function readPage(): Promise<string> {
  if (!existsSync(pagePath)) throw new Error(`${pagePath} is missing: run \`pnpm build\` first.`);
  return readFile(pagePath, 'utf8');
}

/** The spec as written, parsed. */
export async function readSpec(): Promise<any> {
  return parse(await readFile(`${repoDir}spec/coze.v1.yaml`, 'utf8'));
}

/** Every operation of the spec as written: id, method, path, and its success status. */
export async function specOperations(): Promise<Array<{ id: string; method: string; path: string; success: number }>> {
  const spec = await readSpec();
  const found = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      if (!operation?.operationId) continue;
      const success = Object.keys(operation.responses).find((status) => /^2\d\d$/.test(status));
      found.push({ id: operation.operationId, method: method.toUpperCase(), path, success: Number(success) });
    }
  }
  return found;
}
