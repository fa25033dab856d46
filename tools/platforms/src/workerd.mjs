// Cloudflare's workerd, through miniflare 4: the suite bundled as a Worker by esbuild (as wrangler
// does), run by a driver under the pinned Node 24 (miniflare 4 wants Node ≥ 22).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runBounded, resultsFrom } from './processes.mjs';
import { binaryOf, exactly } from './runtimes.mjs';

const driver = fileURLToPath(new URL('./workerd-driver.mjs', import.meta.url));

/** @type {import('./runtimes.mjs').Runtime} */
export const workerd = {
  name: 'workerd',
  binary: () => binaryOf('node-24', 'bin/node'),
  // workerd names its releases by date; the npm package (what users pin) by 1.<date>.<n>.
  version: async () => createRequire(createRequire(import.meta.url).resolve('miniflare'))('workerd/package.json').version,
  run: async (node24, { project, baseURL, apiKey, env }) => {
    const bundle = join(project, 'worker.bundle.mjs');
    await esbuild.build({
      entryPoints: [join(project, 'worker.mjs')],
      absWorkingDir: project,
      outfile: bundle,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    const { stdout } = await runBounded(node24, [driver, bundle, baseURL, apiKey], { cwd: project, env });
    return resultsFrom(stdout);
  },
  identity: () => ({ header: 'user-agent', platform: exactly('workerd unknown; unknown') }),
};
