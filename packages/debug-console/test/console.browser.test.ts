// The console as a developer uses it: served with the embedded server, opened in headless Chromium, every
// operation sent from the page. The page must log no error, call nothing beyond 127.0.0.1, and keep the token
// out of every URL, storage and cookie. Screenshots of both languages go to screenshots/ (gitignored).

import { execFile } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CozeAPI, RequestValidationError } from '@coze/client';
import { startMockServer, type MockServer } from '@coze/mock-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveConsole } from '../server/serve.js';
import type { ConsoleData } from '../src/model.js';
import { CHROMIUM, CHROMIUM_ARGS, packageDir, readPage, repoDir, specOperations } from './support.js';

// Long enough between streamed events that each one renders on its own, even on a busy machine.
const STREAM_DELAY_MS = 250;
const SENTINEL_TOKEN = 'sk-console-sentinel-7f3a9c1e5b';

let mock: MockServer;
let served: Awaited<ReturnType<typeof serveConsole>>;
let context: BrowserContext;
let userDataDir: string;
let data: ConsoleData;
const requested: string[] = [];
const refused: string[] = [];
const consoleErrors: string[] = [];

/** The server side of each streamed chat: whether its response closed before it finished. */
const chatExchanges: Array<{ closedEarly: Promise<boolean> }> = [];
function onRequestStart(message: unknown) {
  const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
  if (request.method !== 'POST' || !request.url?.endsWith('/chat')) return;
  chatExchanges.push({
    closedEarly: new Promise((resolve) => response.once('close', () => resolve(!response.writableFinished))),
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing (${CHROMIUM}): run packages/docs/scripts/ensure-chromium.sh as root.`);
  }
  const html = await readPage();
  data = JSON.parse(/<script type="application\/json" id="coze-console-data">(.*?)<\/script>/s.exec(html)![1]!);
  subscribe('http.server.request.start', onRequestStart);
  mock = await startMockServer({ streamDelayMs: STREAM_DELAY_MS });
  served = await serveConsole({ config: { embedded: { url: mock.url, tokens: { ...mock.tokens } } } });
  userDataDir = await mkdtemp(join(tmpdir(), 'coze-console-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1440, height: 1000 },
  });
  context.on('request', (request) => requested.push(request.url()));
  // Record and refuse anything beyond this machine, so that a stray request fails at once.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(data:|blob:)/.test(url) || new URL(url).hostname === '127.0.0.1') return route.continue();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  await mkdir(`${packageDir}screenshots`, { recursive: true });
});

afterAll(async () => {
  unsubscribe('http.server.request.start', onRequestStart);
  await context?.close();
  await served?.close();
  await mock?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

afterEach(() => {
  expect(consoleErrors, 'console errors').toEqual([]);
  expect(refused, 'requests beyond 127.0.0.1').toEqual([]);
});

async function open(lang: string, operationId: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every error status a fetch receives. An API call the test made to fail (a 403, an injected
    // 503) is an answer the page shows, not an error of the page; anything else is.
    const answer = /^Failed to load resource: the server responded with a status of [45]\d\d\b/.test(message.text());
    if (answer && message.location().url.startsWith(mock.url)) return;
    consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.goto(`${served.url}?lang=${lang}#${operationId}`);
  await page.locator(`[data-operation-id="${operationId}"]`).waitFor();
  return page;
}

async function go(page: Page, operationId: string) {
  await page.locator(`nav a[data-operation="${operationId}"]`).click();
  await page.locator(`[data-operation-id="${operationId}"]`).waitFor();
}

/** Clicks Send and waits for the call to be over; resolves to the result pane. */
async function sendAndWait(page: Page) {
  const before = await page.locator('nav .history li').count();
  await page.locator('button.send').click();
  const result = page.locator('aside .result');
  await expect.poll(() => page.locator('nav .history li').count()).toBe(before + 1);
  await result.and(page.locator('[data-state="done"], [data-state="failed"], [data-state="stopped"]')).waitFor();
  return result;
}

const statusOf = (page: Page) => page.locator('aside .result .summary .status').innerText();

describe('the debug console', () => {
  it('sends every operation of the spec from its form and shows its success status', async () => {
    const operations = await specOperations();
    // As a person would: calls without a path parameter first (they create what the others address), deletions last.
    const ordered = [
      ...operations.filter((op) => !op.path.includes('{')),
      ...operations.filter((op) => op.path.includes('{') && op.method !== 'DELETE'),
      ...operations.filter((op) => op.method === 'DELETE'),
    ];
    const page = await open('en', ordered[0]!.id);
    await page.getByRole('button', { name: 'admin' }).click();
    let createdId: string | undefined;
    for (const op of ordered) {
      await go(page, op.id);
      const pathParam = page.locator('[data-field="workflow_id"] input');
      if (op.path.includes('{workflow_id}') && createdId) {
        // The id the create call answered, offered in the path parameter.
        expect(await pathParam.inputValue(), op.id).toBe(createdId);
      }
      const seen = mock.requests.length;
      await sendAndWait(page);
      expect(await statusOf(page), `${op.id}: ${await page.locator('aside').innerText()}`).toBe(String(op.success));
      expect(mock.requests.slice(seen).map((r) => r.operationId)).toContain(op.id);
      if (op.method === 'POST' && op.path === '/workflow') {
        createdId = JSON.parse(await page.locator('aside pre.body').innerText()).id;
      }
    }
    expect(ordered.length).toBe(data.models.en!.operations.length);
    await page.close();
  });

  it('blocks temperature 2 with the SDK message, and sends nothing', async () => {
    const page = await open('en', 'chat.create');
    await page.getByRole('button', { name: 'write' }).click();
    await page.locator('[data-field="temperature"] input').fill('2');
    const seen = mock.requests.length;
    await sendAndWait(page);

    const example = data.models.en!.operations.find((op) => op.id === 'chat.create')!.body!.examples[0]!.value as object;
    const sdk = await new CozeAPI({ apiKey: 'unused', baseURL: mock.url })
      .chat.create({ ...(example as { messages: [] }), temperature: 2 })
      .then(() => undefined, (error: unknown) => error);
    expect(sdk).toBeInstanceOf(RequestValidationError);
    const failure = await page.locator('aside .failure').innerText();
    expect(failure).toContain((sdk as Error).message);
    expect(failure).toContain('Nothing was sent');
    expect(await page.locator('[data-field="temperature"].invalid').count()).toBe(1);
    expect(mock.requests.length).toBe(seen);
    await page.close();
  });

  it('edits the body as raw JSON: nothing is sent while it does not parse, then exactly what was typed', async () => {
    const page = await open('en', 'workflow.create');
    await page.getByRole('button', { name: 'write' }).click();
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.getByLabel('Request body', { exact: true });
    await editor.fill('{ "name": "raw", ');
    expect(await page.locator('main .json-text .error').innerText()).toMatch(/^The body is not valid JSON: /);
    expect(await page.locator('button.send').isDisabled()).toBe(true);
    const body = { name: 'raw json', description: 'typed by hand', nodes: [{ id: 'n1', type: 'llm', config: { prompt: 'hi' } }] };
    await editor.fill(JSON.stringify(body, null, 2));
    const seen = mock.requests.length;
    await sendAndWait(page);
    const created = (await specOperations()).find((op) => op.id === 'workflow.create')!.success;
    expect(await statusOf(page)).toBe(String(created));
    expect(mock.requests.slice(seen).map((r) => r.body)).toEqual([body]);
    // The form shows what the JSON said.
    await page.getByRole('tab', { name: 'Form' }).click();
    expect(await page.locator('[data-field="description"] input').inputValue()).toBe('typed by hand');
    await page.close();
  });

  it('renders a streamed chat as it arrives, and Stop closes the connection', async () => {
    const page = await open('zh', 'chat.create');
    await page.getByRole('button', { name: 'write' }).click();
    await page.locator('[data-field="stream"] select').selectOption('true');
    // What the result pane shows each time it changes: a delta must be on screen before the chat completes.
    await page.evaluate(() => {
      const seen: Array<{ deltas: number; completed: number }> = [];
      (window as any).__renders = seen;
      new MutationObserver(() =>
        seen.push({
          deltas: document.querySelectorAll('aside [data-event="chat.message.delta"]').length,
          completed: document.querySelectorAll('aside [data-event="chat.completed"]').length,
        }),
      ).observe(document.querySelector('aside')!, { childList: true, subtree: true });
    });
    const exchanges = chatExchanges.length;
    await sendAndWait(page);
    expect(await statusOf(page)).toBe('200');
    const renders: Array<{ deltas: number; completed: number }> = await page.evaluate(() => (window as any).__renders);
    expect(renders.some((r) => r.deltas >= 2 && r.completed === 0), JSON.stringify(renders)).toBe(true);
    expect(renders.at(-1)!.completed).toBe(1);
    expect(await page.locator('aside .assembled').innerText()).toBe('你好！You said: 你好');
    expect(await chatExchanges[exchanges]!.closedEarly).toBe(false);
    await page.screenshot({ path: `${packageDir}screenshots/zh.png`, fullPage: true });

    // Again, with a reply of 30 deltas (several seconds), stopped after the first: the server sees the connection
    // close before the stream ends.
    await page.locator('[data-field="messages[0].content"] textarea').fill('x'.repeat(120));
    await page.locator('button.send').click();
    await page.locator('aside [data-event="chat.message.delta"]').first().waitFor();
    await page.getByRole('button', { name: '停止' }).click();
    await page.locator('aside .result[data-state="stopped"]').waitFor();
    expect(await chatExchanges[exchanges + 1]!.closedEarly).toBe(true);
    expect(await page.locator('aside .result').innerText()).toContain('已停止：连接已关闭。');
    expect(await page.locator('aside [data-event="chat.completed"]').count()).toBe(0);
    await page.close();
  });

  it('explains a 403: the level the operation needs and the level the token has', async () => {
    const page = await open('en', 'workflow.create');
    await page.getByRole('button', { name: 'read' }).click();
    await sendAndWait(page);
    expect(await statusOf(page)).toBe('403');
    const failure = await page.locator('aside .failure').innerText();
    const advice = data.models.en!.errors['403']!.advice.replace(/`/g, '');
    expect(failure).toContain(advice);
    expect(failure).toContain('This operation needs the write level. The token you used (demo-read-token) has the read level.');
    await page.close();

    const zh = await open('zh', 'workflow.delete');
    await zh.getByRole('button', { name: 'write' }).click();
    await sendAndWait(zh);
    expect(await statusOf(zh)).toBe('403');
    expect(await zh.locator('aside .failure').innerText()).toContain(data.models.zh!.errors['403']!.advice.replace(/`/g, ''));
    expect(await zh.locator('aside .failure').innerText()).toContain('此接口需要 admin 权限级别。');
    await zh.close();
  });

  it('shows attempts and the headers of each response, and the same request as curl, TypeScript and Python', async () => {
    const page = await open('en', 'workflow.list');
    await page.getByRole('button', { name: 'read' }).click();
    mock.faults.push({ match: { operationId: 'workflow.list' }, fault: { status: 503 } });
    await sendAndWait(page);
    expect(await statusOf(page)).toBe('200');
    const attempts = await page.locator('aside .attempts li').allInnerTexts();
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatch(/^attempt 1: GET http:\/\/127\.0\.0\.1:\d+\/v1\/workflow\?limit=20 → 503/);
    // Each attempt's own request id and, from the runtime's onRetry hook, why and when it was retried.
    expect(attempts[0]).toMatch(/ · request id req_\w+ · retried after \d+ ms: 503 Service Unavailable$/);
    expect(attempts[1]).toMatch(/^waited \d+ ms → attempt 2: GET .* → 200 \(\d+ ms\) · request id req_\w+$/);
    // What the SDK put on the wire: its identity header, and the token only as redacted.
    await page.locator('aside details summary').click();
    const sent = await page.locator('aside details .headers tr').allInnerTexts();
    expect(sent).toEqual(expect.arrayContaining(['authorization\t[REDACTED]', expect.stringMatching(/^x-coze-client\tcoze-client-ts\//)]));
    const headers = await page.locator('aside section:has(h3:text("Response headers")) th').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']));

    await page.getByRole('tab', { name: 'curl' }).click();
    expect(await page.locator('pre[data-snippet="curl"]').innerText()).toContain(`curl '${mock.url}/workflow?limit=20'`);
    await page.getByRole('tab', { name: 'TypeScript' }).click();
    expect(await page.locator('pre[data-snippet="typescript"]').innerText()).toContain('await coze.workflow.list({ limit: 20 });');
    await page.getByRole('tab', { name: 'Python' }).click();
    expect(await page.locator('pre[data-snippet="python"]').innerText()).toContain('coze.workflow.list(\n    limit=20,\n)');

    // The curl on screen, run for real, sends what the console sent.
    await go(page, 'workflow.create');
    await page.getByRole('button', { name: 'write' }).click();
    await page.locator('[data-field="description"] input').fill('from the console');
    await sendAndWait(page);
    const fromConsole = mock.requests.at(-1)!;
    await page.getByRole('tab', { name: 'curl' }).click();
    const curl = await page.locator('pre[data-snippet="curl"]').innerText();
    expect(curl).not.toContain(mock.tokens.write);
    await promisify(execFile)('bash', ['-c', curl], { env: { ...process.env, COZE_API_KEY: mock.tokens.write } });
    const fromCurl = mock.requests.at(-1)!;
    expect(fromCurl).not.toBe(fromConsole);
    const same = (r: typeof fromConsole) => ({ method: r.method, path: r.path, query: r.query, body: r.body, auth: r.headers.authorization });
    expect(same(fromCurl)).toEqual(same(fromConsole));
    expect((fromConsole.body as { description: string }).description).toBe('from the console');
    await page.close();
  });

  it('keeps history re-openable, and the token in no URL, storage or cookie', async () => {
    const page = await open('en', 'workflow.list');
    await page.getByLabel('Token', { exact: true }).fill(SENTINEL_TOKEN);
    await sendAndWait(page);
    expect(await statusOf(page)).toBe('401');
    expect(await page.locator('aside .failure').innerText()).toContain(data.models.en!.errors['401']!.advice.replace(/`/g, ''));
    await page.locator('[data-field="limit"] input').fill('5');
    await sendAndWait(page);
    expect(await statusOf(page)).toBe('401');
    await page.locator('[data-field="limit"] input').fill('7');
    // The first call of the session, re-opened: its form and its result.
    await page.locator('nav .history button').last().click();
    expect(await page.locator('[data-field="limit"] input').inputValue()).toBe('20');
    expect(await page.locator('aside .result').getAttribute('data-call')).toBe('1');

    const html = await page.content();
    const storage = await page.evaluate(async () => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      databases: JSON.stringify(await indexedDB.databases()),
      cookie: document.cookie,
    }));
    expect(JSON.stringify(storage)).not.toContain(SENTINEL_TOKEN);
    expect(html).not.toContain(SENTINEL_TOKEN);
    expect(await context.cookies()).toEqual([]);
    expect([...requested, page.url()].filter((url) => url.includes(SENTINEL_TOKEN))).toEqual([]);
    await page.reload();
    expect(await page.getByLabel('Token', { exact: true }).inputValue()).toBe('');
    await page.close();

    // Nothing the browser wrote to its profile holds the token either (storage, session restore, autofill).
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && (await stat(path)).size < 50_000_000) files.push(path);
      }
    };
    await walk(userDataDir);
    const holding = [];
    for (const file of files) if ((await readFile(file)).includes(SENTINEL_TOKEN)) holding.push(file);
    expect(holding).toEqual([]);
  });

  it('offers every operation in both languages, with the translated texts of the docs', async () => {
    for (const { id: lang } of data.editions) {
      const page = await open(lang, 'chat.create');
      const model = data.models[lang]!;
      const nav = await page.locator('nav').innerText();
      for (const group of model.groups) expect(nav).toContain(group.displayName);
      for (const op of model.operations) expect(nav).toContain(op.summary);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(data.editions.find((e) => e.id === lang)!.lang);
      if (lang === 'en') {
        await page.getByRole('button', { name: 'write' }).click();
        await sendAndWait(page);
        await page.screenshot({ path: `${packageDir}screenshots/en.png`, fullPage: true });
      }
      await page.close();
    }
    expect(data.models.zh!.operations.map((op) => op.summary)).not.toEqual(data.models.en!.operations.map((op) => op.summary));
  });

  it('heads each group with the title the docs give its tag, in each language', async () => {
    const headings: Record<string, string[]> = {};
    for (const { id: lang } of data.editions) {
      const docs = JSON.parse(await readFile(`${repoDir}packages/docs/build/${lang}/openapi.json`, 'utf8'));
      const page = await open(lang, 'chat.create');
      headings[lang] = await page.locator('nav section:not(.history) h2').allTextContents();
      expect(headings[lang], lang).toEqual(docs.tags.map((tag: any) => tag['x-displayName'] ?? tag.name));
      await page.close();
    }
    // The Chinese docs translate every tag's title, so no heading may be left in English.
    for (const heading of headings.zh!) expect(heading).toMatch(/[\u4e00-\u9fff]/);
  });

  it('works as a static page against any server: the spec\'s server by default, or a custom URL', async () => {
    const statik = await serveConsole({ config: {} });
    try {
      expect(await fetch(statik.url).then((r) => r.text())).toBe(await readPage());
      const page = await context.newPage();
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
      await page.goto(`${statik.url}#workflow.list`);
      const server = page.getByLabel('Server', { exact: true });
      expect(await server.locator('option:checked').innerText()).toContain(data.models.en!.servers[0]!.url);
      expect(await page.getByRole('group', { name: 'Demo tokens' }).count()).toBe(0);
      await server.selectOption('custom');
      await page.getByLabel('Custom URL').fill('http://example.com/v1');
      await page.getByLabel('Token', { exact: true }).fill(mock.tokens.read);
      await sendAndWait(page);
      // The SDK's own rule for base URLs: plain http only on loopback.
      expect(await page.locator('aside .failure').innerText()).toContain('baseURL must use https');
      await page.getByLabel('Custom URL').fill(mock.url);
      await sendAndWait(page);
      expect(await statusOf(page)).toBe('200');
      await page.close();
    } finally {
      await statik.close();
    }
  });

  it('opens from the "Try it" link of every operation in the docs, in the docs\' language', async () => {
    for (const { id: lang } of data.editions) {
      const docs = JSON.parse(await readFile(`${repoDir}packages/docs/build/${lang}/openapi.json`, 'utf8'));
      for (const item of Object.values<any>(docs.paths)) {
        for (const operation of Object.values<any>(item)) {
          if (!operation?.operationId) continue;
          const href = /\]\((\.\.\/console\/[^)]+)\)\s*$/.exec(operation.description)?.[1];
          expect(href, `${lang} ${operation.operationId}`).toBe(`../console/?lang=${lang}#${operation.operationId}`);
          if (operation.operationId !== 'workflow.get') continue;
          // Where the link leads from the docs page that `pnpm debug` (and the published site) serve.
          const page = await context.newPage();
          await page.goto(new URL(href!, `${served.url}docs/${lang}/index.html`).href);
          await page.locator('[data-operation-id="workflow.get"]').waitFor();
          const summary = data.models[lang]!.operations.find((op) => op.id === 'workflow.get')!.summary;
          expect(await page.locator('main .title strong').innerText()).toBe(summary);
          await page.close();
        }
      }
    }
  });
});
