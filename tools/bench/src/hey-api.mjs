// The hey-api bindings alone, as a user of @hey-api/openapi-ts would have them: the spec generated
// with its bundled fetch client (`@hey-api/client-fetch` plugin), then bundled to plain ESM so the
// benchmark runs it without a TypeScript loader. Regenerated only when the spec changes.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const specPath = fileURLToPath(new URL('../../../spec/coze.v1.yaml', import.meta.url));
const buildDir = fileURLToPath(new URL('../build/', import.meta.url));
const sourceDir = `${buildDir}hey-api`;
const modulePath = `${buildDir}hey-api.mjs`;
const stampPath = `${buildDir}hey-api.stamp`;

/** Generates (when stale) and imports the hey-api client: `{ client, chatCreate }`. */
export async function loadHeyApi() {
  const spec = await readFile(specPath);
  const stamp = createHash('sha256').update(spec).update('0.95.0').digest('hex');
  if ((await readFile(stampPath, 'utf8').catch(() => '')) !== stamp) {
    const { createClient } = await import('@hey-api/openapi-ts');
    await rm(sourceDir, { recursive: true, force: true });
    await createClient({
      input: specPath,
      output: { path: sourceDir },
      logs: { level: 'silent' },
      plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
    });
    await esbuild.build({
      stdin: {
        contents: "export { client } from './hey-api/client.gen.ts'; export { chatCreate } from './hey-api/sdk.gen.ts';",
        resolveDir: buildDir,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: modulePath,
      logLevel: 'silent',
    });
    await writeFile(stampPath, stamp);
  }
  return import(modulePath);
}
