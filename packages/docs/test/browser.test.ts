// The built docs, used as a reader would: served on 127.0.0.1 and opened in headless Chromium. Each edition
// must list every operation of the spec, open each one with its code samples, link to the other editions,
// log no error and load nothing from anywhere but the page's own host. Screenshots go to screenshots/.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editions } from '../src/editions.js';
import { operations } from '../src/openapi.js';
import { englishAnchors } from '../src/section-anchors.js';
import { buildDir, packageDir, readBuiltEdition, readSpec } from './support/paths.js';
import { serve } from './support/serve.js';

// Debian's chromium by default; CHROMIUM_PATH points elsewhere (GitHub's runners have Google Chrome).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without these, headless Chromium keeps calling hosts of its own (updates, sync, field trials).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Whether a URL stays on this machine: 127.0.0.1, or a blob:/data: URL the page made itself. */
function isLocal(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:') return true;
  return new URL(parsed.protocol === 'blob:' ? parsed.pathname : url).hostname === '127.0.0.1';
}

let server: Awaited<ReturnType<typeof serve>>;
let context: BrowserContext;
let userDataDir: string;
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing (${CHROMIUM}). Install Debian's: \`apt-get install -y chromium\` as root, ` +
        'or run packages/docs/scripts/ensure-chromium.sh.',
    );
  }
  for (const { id } of editions) await readBuiltEdition(id);
  server = await serve(buildDir);
  userDataDir = await mkdtemp(join(tmpdir(), 'coze-docs-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1440, height: 900 },
  });
  context.on('request', (request) => requested.push(request.url()));
  // Record and refuse anything else, so that a stray request fails the test at once instead of timing out.
  await context.route('**/*', (route) =>
    isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  await mkdir(`${packageDir}screenshots`, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

it('serves a start page that links to every edition', async () => {
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  for (const { id, label } of editions) {
    expect(await page.locator(`a[href="${id}/index.html"]`).innerText()).toBe(label);
  }
  await page.close();
});

/** Each operation's anchor, as the English edition's sidebar link put it into the URL. */
const operationHashes = new Map<string, string>();

/** The element an anchor leads to, once it is in view; fails when the edition has no such anchor. */
async function expectShown(page: Page, hash: string) {
  const id = decodeURIComponent(hash.slice(1));
  const target = page.locator(`[data-section-id="${id}"], [data-section-id="/${id}"]`).first();
  await target.waitFor({ state: 'attached', timeout: 10_000 });
  await expect.poll(() => target.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top < window.innerHeight && box.bottom > 0;
  })).toBe(true);
  return target;
}

describe.each(editions)('the $label edition', ({ id, lang }) => {
  let page: Page;
  let doc: any;
  const errors: string[] = [];

  async function open(hash = '') {
    await page.goto(`${server.origin}/${id}/index.html${hash}`);
    // The page is rendered on the server; wait until React has taken it over, or clicks go nowhere.
    await page.waitForFunction(() =>
      Object.keys(document.getElementById('redoc') ?? {}).some((key) => key.startsWith('__reactContainer')),
    );
  }

  beforeAll(async () => {
    doc = await readBuiltEdition(id);
    page = await context.newPage();
    // A click waits for the page to be ready: on two cores shared with the rest of `pnpm test`, 15 s once ran out.
    page.setDefaultTimeout(45_000);
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`));
    await open();
  });

  afterAll(async () => {
    await page?.close();
  });

  it(`declares its language (${lang})`, async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
  });

  it('was built from the current spec', async () => {
    const ids = (d: any) => operations(d).map((op) => op.operation.operationId);
    expect(ids(doc), 'the build is stale: run `pnpm run docs`').toEqual(ids(await readSpec()));
  });

  /** Opens an operation from the sidebar, as a reader does: its tag first, unless the tag is open already. */
  async function openOperation(operation: any) {
    const menu = page.locator('[data-component-name="Menu/Menu"]').first();
    const link = menu.locator(`a[href$="/${operation.operationId}"]`);
    if (!(await link.isVisible())) {
      const tag = doc.tags.find((t: any) => t.name === operation.tags[0]);
      await menu.getByText(tag['x-displayName'] ?? tag.name, { exact: true }).click();
    }
    await link.waitFor({ timeout: 10_000 });
    expect(await link.innerText()).toContain(operation.summary);
    await link.click();
    const section = page.locator(`[data-section-id$="/${operation.operationId}"]`);
    await section.getByText(operation.summary, { exact: true }).first().waitFor();
    return section;
  }

  /** Picks a code sample in an operation's request panel; returns the code shown. */
  async function showSample(section: ReturnType<Page['locator']>, label: string) {
    const samples = section.locator('[data-testid="right-panel"] [data-component-name="Panel/Panel"]').first();
    // The panel's header holds two menus: the server, then the sample's language.
    const language = samples
      .locator('[data-component-name="Panel/PanelHeader"] [data-testid="dropdown"]')
      .last()
      .getByRole('button');
    await language.click();
    // The menu's item gets the click event itself, once it is shown: Redoc keeps rendering sections above and below
    // while the test goes on, and the page's height and scroll position jump under the open menu (seen: 3,000 px), so
    // Playwright's scroll-then-click once found the item outside the viewport for all of 45 s (CI, on two loaded cores).
    const item = page.getByRole('menuitem', { name: label, exact: true });
    await item.waitFor({ state: 'visible' });
    await item.dispatchEvent('click');
    await expect.poll(() => language.innerText()).toBe(label);
    const code = samples.locator('[data-testid="source-code"]').first();
    expect(await code.isVisible()).toBe(true);
    return code;
  }

  it('lists every operation of the spec and opens each with its curl, TypeScript, openapi-fetch and Python samples', async () => {
    const spec = await readSpec();
    const edition = new Map(operations(doc).map(({ operation }) => [operation.operationId, operation]));
    for (const { path, method, operation: { operationId } } of operations(spec)) {
      const operation = edition.get(operationId);
      expect(operation, `${operationId} is not in the ${id} build: run \`pnpm run docs\``).toBeDefined();
      const section = await openOperation(operation);
      expect(page.url()).toMatch(new RegExp(`#/.+/${operationId.replace('.', '\\.')}$`));
      const expected = {
        TypeScript: [`coze.${operationId}(`],
        'openapi-fetch': [`client.${method.toUpperCase()}('${path}'`],
        Python: [`= coze.${operationId}(`],
        curl: [`curl ${method === 'get' ? '' : `-X ${method.toUpperCase()} `}`, doc.servers[0].url],
      };
      for (const [label, texts] of Object.entries(expected)) {
        const code = await showSample(section, label);
        for (const text of texts) await expect.poll(() => code.innerText()).toContain(text);
        // Long lines wrap: nothing of the sample runs out of its panel (it used to be cut off).
        const overflow = await code.evaluate((element) => element.scrollWidth - element.clientWidth);
        expect(overflow, `${operationId}'s ${label} sample is ${overflow} px wider than its panel`).toBeLessThanOrEqual(1);
      }
      operationHashes.set(operationId, new URL(page.url()).hash);
    }
  });

  it('has the English edition’s anchor for every section and operation, so a link from either edition lands', async () => {
    const anchors = [...englishAnchors().map((anchor) => `#${anchor}`), ...operationHashes.values()];
    expect(operationHashes.size).toBe(operations(await readSpec()).length);
    for (const hash of anchors) {
      await open(hash);
      await expectShown(page, hash);
    }
  });

  it('keeps the reader’s place when switching language', async () => {
    for (const other of editions.filter((e) => e.id !== id)) {
      for (const hash of [`#${englishAnchors()[1]}`, [...operationHashes.values()].at(-1)!]) {
        await open(hash);
        await expectShown(page, hash);
        // Redoc writes the anchor as it likes (`#/section/…`): the switch takes whatever the address says.
        const here = new URL(page.url()).hash;
        // The switch in the corner, which stays in view wherever the reader is.
        await page.locator(`#edition-switch a[href="../${other.id}/index.html"]`, { hasText: other.label }).click();
        await expect.poll(() => page.url()).toBe(`${server.origin}/${other.id}/index.html${here}`);
        expect(await page.locator('html').getAttribute('lang')).toBe(other.lang);
        await expectShown(page, hash);
      }
    }
    await open();
  });

  it('links to the other editions', async () => {
    for (const other of editions.filter((e) => e.id !== id)) {
      await page.locator('#redoc').locator(`a[href="../${other.id}/index.html"]`, { hasText: other.label }).click();
      await page.waitForURL(`**/${other.id}/index.html`);
      expect(await page.locator('html').getAttribute('lang')).toBe(other.lang);
      await open();
    }
  });

  it('shows the first operation with its TypeScript sample (screenshot)', async () => {
    await open();
    const section = await openOperation(operations(doc)[0]!.operation);
    const code = await showSample(section, 'TypeScript');
    await expect.poll(() => code.innerText()).toContain('coze.');
    await page.screenshot({ path: `${packageDir}screenshots/${id}.png` });
  });

  it('logs no error and requests nothing from anywhere but 127.0.0.1', () => {
    expect(errors).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !isLocal(url))).toEqual([]);
  });
});
