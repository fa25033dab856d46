#!/usr/bin/env node
// Regenerates src/coze/_gen from spec/coze.v1.yaml. @redocly/openapi-core bundles the spec (every $ref made
// internal, as the client's and the mock server's loaders do); the bundled document goes as JSON to the Python
// generator in codegen/ (jinja2 templates), and ruff formats its output. With --check it generates into a scratch
// folder and fails, naming each file, when the committed files differ (the drift check).
//
//   node scripts/generate.mjs [--check] [--spec path/to/spec.yaml] [--out dir] [--against dir]
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, createConfig } from '@redocly/openapi-core';
import { ensureVenv, packageDir, venvCommand } from './venv.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 ? resolve(process.argv[index + 1]) : fallback;
}

const specPath = option('--spec', fileURLToPath(new URL('../../../spec/coze.v1.yaml', import.meta.url)));
const outDir = option('--out', join(packageDir, 'src/coze/_gen'));
// `--against DIR` checks another copy of the generated folder (the drift test edits a copy).
const committedDir = option('--against', outDir);

/** The spec with every $ref internal, as plain JSON. */
async function bundledSpec() {
  // An empty config, so the bundle does not depend on the redocly.yaml of whatever directory we run from.
  const result = await bundle({ ref: specPath, config: await createConfig({}), dereference: false });
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`Cannot bundle ${specPath}: ${errors.map((e) => e.message).join('; ')}`);
  return result.bundle.parsed;
}

function check(result, what) {
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`);
  }
}

async function generate(target) {
  ensureVenv({ log: (line) => console.error(`python: ${line}`) });
  const scratch = await mkdtemp(join(tmpdir(), 'coze-py-spec-'));
  try {
    const specJson = join(scratch, 'spec.json');
    await writeFile(specJson, JSON.stringify(await bundledSpec()));
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    const env = { PYTHONPATH: join(packageDir, 'codegen') };
    check(venvCommand('python', ['-m', 'coze_codegen', specJson, target, '--source', relative(join(packageDir, '../..'), specPath)], { env }), 'the generator');
    check(venvCommand('ruff', ['check', '--quiet', '--fix', '--select', 'I', '--config', join(packageDir, 'pyproject.toml'), target]), 'ruff check --select I');
    check(venvCommand('ruff', ['format', '--quiet', '--config', join(packageDir, 'pyproject.toml'), target]), 'ruff format');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.pyc'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

async function drift() {
  const scratch = await mkdtemp(join(tmpdir(), 'coze-py-gen-'));
  try {
    const fresh = join(scratch, '_gen');
    await generate(fresh);
    const files = new Set([...(await listFiles(fresh)), ...(await listFiles(committedDir).catch(() => []))]);
    const found = [];
    for (const file of [...files].sort()) {
      const [a, b] = await Promise.all([
        readFile(join(fresh, file), 'utf8').catch(() => undefined),
        readFile(join(committedDir, file), 'utf8').catch(() => undefined),
      ]);
      if (a === undefined) found.push(`${file}: committed but no longer generated`);
      else if (b === undefined) found.push(`${file}: generated but not committed`);
      else if (a !== b) found.push(`${file}: differs from a fresh generation`);
    }
    return found;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv.includes('--check')) {
  const found = await drift();
  if (found.length > 0) {
    console.error('Generated Python code has drifted from the spec:');
    for (const line of found) console.error(`  ${join(relative(process.cwd(), committedDir), line)}`);
    console.error('Run `pnpm generate` and commit the result; never edit generated files by hand.');
    process.exit(1);
  }
  console.log('Generated Python code matches the spec.');
} else {
  await generate(outDir);
  console.log(`Generated ${relative(process.cwd(), outDir) || '.'} from ${relative(process.cwd(), specPath)}.`);
}
