// Builds the reference docs into build/: per edition (see redocly.yaml), the bundled spec with the edition's
// overlay and decorators applied (build/<edition>/openapi.json) and a self-contained Redoc page of it
// (build/<edition>/index.html); and build/index.html, which leads to the editions. First it checks that the Chinese
// overlay translates all of the spec's current English: in CI a gap fails the build, locally it is a red warning.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { editions } from '../src/editions.js';
import { redocly as run } from '../src/redocly.js';
import { checkTranslations } from '../src/translations.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const buildDir = `${packageDir}build`;

// Redoc's sidebar shows its makers' logo from their CDN. The page must load nothing from elsewhere, so the
// logo is drawn in place, as text.
const wordmark = (text, width) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
      `<text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="600" fill="#1a1c21">${text}</text></svg>`,
  )}`;
const CDN_ASSETS = new Map([
  ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', wordmark('Redocly', 48)],
  ['https://cdn.redoc.ly/redoc/logo-mini.svg', wordmark('R', 10)],
]);

async function buildPage({ id, lang }) {
  const output = `${buildDir}/${id}/index.html`;
  await run([
    'build-docs',
    `build/${id}/openapi.json`,
    `--output=${output}`,
    '--inlineBundle',
    '--template=template.hbs',
    `--templateOptions.lang=${lang}`,
    // The language switch that stays in view (template.hbs): this edition and the others.
    `--templateOptions.edition=${id}`,
    `--templateOptions.editions=${JSON.stringify(editions)}`,
  ]);
  let html = await readFile(output, 'utf8');
  for (const [url, local] of CDN_ASSETS) {
    if (!html.includes(url)) {
      throw new Error(`${output} no longer mentions ${url}: check what Redoc loads from elsewhere now`);
    }
    html = html.replaceAll(url, local);
  }
  await writeFile(output, html);
  return `${output.slice(packageDir.length)} (${Math.round(Buffer.byteLength(html) / 1024)} KiB)`;
}

async function buildIndex() {
  const spec = parse(await readFile(`${packageDir}../../spec/coze.v1.yaml`, 'utf8'));
  const links = editions
    .map((e) => `      <li><a href="${e.id}/index.html" hreflang="${e.lang}" lang="${e.lang}">${e.label}</a></li>`)
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${spec.info.title}</title>
  <link rel="icon" href="data:,">
  <style>
    body { font-family: system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; }
    main { text-align: center; }
    ul { list-style: none; padding: 0; display: flex; gap: 1.5rem; justify-content: center; font-size: 1.25rem; }
  </style>
</head>
<body>
  <main>
    <h1>${spec.info.title} ${spec.info.version}</h1>
    <ul>
${links}
    </ul>
  </main>
</body>
</html>
`;
  await writeFile(`${buildDir}/index.html`, html);
  return 'build/index.html';
}

const started = performance.now();
try {
  checkTranslations({
    spec: parse(await readFile(`${packageDir}../../spec/coze.v1.yaml`, 'utf8')),
    overlay: parse(await readFile(`${packageDir}i18n/zh.overlay.yaml`, 'utf8')),
    ci: Boolean(process.env.CI) && process.env.CI !== 'false',
  });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
await rm(buildDir, { recursive: true, force: true });
await mkdir(buildDir, { recursive: true });
// One process bundles every edition: `apis` in redocly.yaml names them and their outputs.
await run(['bundle']);
const built = await Promise.all([...editions.map(buildPage), buildIndex()]);
console.log(`Built ${built.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
