// The package carries its own copy of the contract (spec/coze.v1.yaml), so that it works when installed from
// the registry, away from this repository. `pnpm build` writes it; src/spec-copy.test.js fails when it drifts.
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const SOURCE = fileURLToPath(new URL('../../../spec/coze.v1.yaml', import.meta.url));
export const COPY = fileURLToPath(new URL('../spec/coze.v1.yaml', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await mkdir(fileURLToPath(new URL('../spec/', import.meta.url)), { recursive: true });
  await copyFile(SOURCE, COPY);
}
