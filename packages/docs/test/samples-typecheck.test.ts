// Every TypeScript sample the docs show must compile against @coze/client: the generated samples of every
// operation (both forms, both editions) and the ```ts blocks of the guides (spec and Chinese overlay).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { codeSamples } from '../src/code-samples.js';
import { describedElements } from '../src/described.js';
import { editions } from '../src/editions.js';
import { overlayPath, packageDir, readSpec } from './support/paths.js';

const require = createRequire(import.meta.url);

/** The ```ts blocks of a piece of Markdown. */
function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

function assertClientBuilt() {
  const client = dirname(require.resolve('@coze/client/package.json'));
  const missing = ['dist/index.d.ts', 'dist/fetch.d.ts'].filter((f) => !existsSync(`${client}/${f}`));
  if (missing.length) {
    throw new Error(
      `@coze/client has no built types (${missing.map((f) => relative(packageDir, `${client}/${f}`)).join(', ')} missing): ` +
        'build it first with `pnpm --filter @coze/client build` (the root `pnpm test` builds everything first).',
    );
  }
}

it('type-checks every TypeScript sample against @coze/client', async () => {
  assertClientBuilt();
  const spec = await readSpec();
  const overlay = parse(await readFile(overlayPath, 'utf8'));

  const files = new Map<string, string>();
  for (const { id } of editions) {
    for (const [operation, samples] of codeSamples(spec, id)) {
      for (const sample of samples.filter((s) => s.lang === 'TypeScript')) {
        files.set(`${operation.operationId}.${sample.label.toLowerCase()}.${id}.ts`, sample.source);
      }
    }
  }
  const guides = [
    ...describedElements(spec).map((e) => e.text),
    ...overlay.actions.flatMap((a: any) => Object.values(a.update ?? {}).filter((v) => typeof v === 'string')),
  ];
  guides.flatMap(typescriptBlocks).forEach((source, i) => files.set(`guide-${i + 1}.ts`, source));
  expect(files.size).toBeGreaterThan(0);

  await mkdir(`${packageDir}.tmp`, { recursive: true });
  const dir = await mkdtemp(`${packageDir}.tmp/samples-`);
  await writeFile(
    `${dir}/tsconfig.json`,
    JSON.stringify({
      extends: relative(dir, `${packageDir}../../tsconfig.base.json`),
      compilerOptions: { noEmit: true, noUnusedLocals: true, types: ['node'] },
      include: ['*.ts'],
    }),
  );
  for (const [name, source] of files) await writeFile(`${dir}/${name}`, `${source}\n`);

  const tsc = require.resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', `${dir}/tsconfig.json`, '--pretty', 'false']);
  } catch (error: any) {
    throw new Error(`The samples in ${relative(packageDir, dir)} do not type-check:\n${error.stdout}${error.stderr}`);
  }
  await rm(dir, { recursive: true, force: true });
});
