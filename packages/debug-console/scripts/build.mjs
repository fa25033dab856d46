// Builds dist/index.html: one self-contained page (script, styles and the spec's operations inline) made from
// spec/coze.v1.yaml in every edition of the docs (the docs' own bundling and overlays, through @coze/docs).
// It loads nothing from elsewhere; the serving process may replace the config element (see server/page.js).

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEdition } from '@coze/docs/bundle';
import { editions } from '@coze/docs/editions';
import { build } from 'esbuild';
import { consoleModel } from './model.mjs';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();

/** JSON that can sit inside a <script> element. */
const scriptJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

async function models() {
  const dir = await mkdtemp(join(tmpdir(), 'coze-console-'));
  try {
    const entries = await Promise.all(
      editions.map(async ({ id }) => {
        const file = join(dir, `${id}.json`);
        await bundleEdition(id, file);
        return [id, consoleModel(JSON.parse(await readFile(file, 'utf8')))];
      }),
    );
    return Object.fromEntries(entries);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function bundle() {
  const result = await build({
    entryPoints: [join(packageDir, 'src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    write: false,
    outdir: 'out',
    logLevel: 'warning',
  });
  const find = (ext) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: find('.js'), css: find('.css') };
}

const [data, { js, css }] = await Promise.all([models().then((m) => ({ editions, models: m })), bundle()]);
const script = js.replace(/<\/script/gi, '<\\/script');
const scriptHash = createHash('sha256').update(script).digest('base64');
const styleHash = createHash('sha256').update(css).digest('base64');
// The page may talk to any server the user picks, and load nothing else.
const csp = [
  "default-src 'none'",
  `script-src 'sha256-${scriptHash}'`,
  `style-src 'sha256-${styleHash}'`,
  'connect-src http: https:',
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>API debug console</title>
<link rel="icon" href="data:,">
<style>${css}</style>
</head>
<body>
<script type="application/json" id="coze-console-data">${scriptJson(data)}</script>
<script type="application/json" id="coze-console-config">{}</script>
<script type="module">${script}</script>
</body>
</html>
`;

await mkdir(join(packageDir, 'dist'), { recursive: true });
await writeFile(join(packageDir, 'dist/index.html'), html);
const kib = (text) => (Buffer.byteLength(text) / 1024).toFixed(1);
console.log(
  `Built dist/index.html (${kib(html)} KiB: script ${kib(js)}, styles ${kib(css)}, spec data ${kib(scriptJson(data))}) ` +
    `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
