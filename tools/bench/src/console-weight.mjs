// 12. The debug console's page weight: what a browser downloads for packages/debug-console's built page
// (dist/index.html, as a static host serves it), measured by the console's own pageWeight, which its size test
// uses too. Raw and gzip -9 bytes of the page and of the parts inline in it; the requests it makes to load.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PAGE } from '../../../packages/debug-console/server/page.js';
import { pageWeight } from '../../../packages/debug-console/server/page-weight.js';

export async function runConsoleWeight() {
  const path = fileURLToPath(PAGE);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm build\` at the repository root first.`);
  const weight = pageWeight(await readFile(path, 'utf8'));
  const part = (id, name, { raw, gzip }) => ({ id, part: name, rawBytes: raw, gzipBytes: gzip });
  return {
    requests: weight.requests,
    external: weight.external,
    rows: [
      part('page', 'the page (dist/index.html, everything inline)', weight.page),
      part('script', '  ↳ script (Preact app + @coze/client)', weight.script),
      part('styles', '  ↳ styles', weight.styles),
      part('data', '  ↳ spec data (both editions)', weight.data),
    ],
  };
}
