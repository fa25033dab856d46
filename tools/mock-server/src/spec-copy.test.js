// The package serves its own copy of the contract (spec/, written by `pnpm build`), so that it works when
// installed from the registry. The copy must be the repository's spec, byte for byte.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COPY, SOURCE } from '../scripts/copy-spec.mjs';

describe("the package's copy of the spec", () => {
  it('is spec/coze.v1.yaml as it is now (run `pnpm build` after changing the spec)', async () => {
    const copy = await readFile(COPY, 'utf8').catch(() => undefined);
    expect(copy, `${COPY} is missing: run \`pnpm build\``).toBeDefined();
    expect(copy === (await readFile(SOURCE, 'utf8')), `${COPY} differs from ${SOURCE}: run \`pnpm build\``).toBe(true);
  });
});
