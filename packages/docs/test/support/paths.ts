import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const packageDir = fileURLToPath(new URL('../../', import.meta.url));
export const specPath = fileURLToPath(new URL('../../../../spec/coze.v1.yaml', import.meta.url));
export const buildDir = `${packageDir}build`;
export const overlayPath = `${packageDir}i18n/zh.overlay.yaml`;

/** The spec as written, parsed. */
export async function readSpec(): Promise<any> {
  return parse(await readFile(specPath, 'utf8'));
}

/** The bundled spec of one edition, as `pnpm run docs` built it. Fails with what to run when it was not built. */
export async function readBuiltEdition(id: string): Promise<any> {
  const file = `${buildDir}/${id}/openapi.json`;
  if (!existsSync(file) || !existsSync(`${buildDir}/${id}/index.html`)) {
    throw new Error(`The docs are not built (${file} is missing): run \`pnpm run docs\` (or \`pnpm --filter @coze/docs run docs\`) first.`);
  }
  return JSON.parse(await readFile(file, 'utf8'));
}
