// The smoke suite: the same steps on every runtime, run against the embedded server from the packed
// @coze/client. It imports nothing: each runtime's entry hands it the SDK as that runtime loaded it.
// Plain JavaScript that every runtime runs as is (Node 20, Bun, Deno, workerd, Chromium).

/** The longest a step may take before it counts as hung (a hang is a failure, not a stuck suite). */
const STEP_LIMIT_MS = 15_000;

const messages = [{ role: 'user', content: '你好' }];
const hang = { 'X-Mock-Fault': 'hang' };

/**
 * Runs every step and reports each one; never throws.
 *
 * @param {typeof import('@coze/client')} sdk the package as the runtime loaded it
 * @param {{ baseURL: string, apiKey: string | (() => Promise<string>) }} config
 * @returns {Promise<Array<{ name: string, ok: boolean, detail?: string }>>}
 */
export async function smoke(sdk, { baseURL, apiKey }) {
  const { CozeAPI } = sdk;
  const coze = new CozeAPI({ apiKey, baseURL });
  /** @type {Array<{ name: string, ok: boolean, detail?: string }>} */
  const results = [];

  /** @param {string} name @param {() => Promise<void> | void} step */
  const check = async (name, step) => {
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${STEP_LIMIT_MS} ms`)), STEP_LIMIT_MS);
    });
    try {
      await Promise.race([step(), limit]);
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, detail: describe(error) });
    } finally {
      clearTimeout(timer);
    }
  };

  let reply = '';
  await check('chat.create resolves to a Chat (.content)', async () => {
    const chat = await coze.chat.create({ messages });
    expect(typeof chat.content === 'string' && chat.content.includes('你好'), `content ${JSON.stringify(chat.content)}`);
    reply = chat.content;
  });

  await check('chat.stream gives the text in deltas', async () => {
    const deltas = [];
    for await (const text of coze.chat.stream({ messages }).textDeltas()) deltas.push(text);
    expect(deltas.length > 1, `${deltas.length} delta(s)`);
    expect(deltas.join('') === reply, `deltas ${JSON.stringify(deltas.join(''))} vs create ${JSON.stringify(reply)}`);
  });

  await check('workflow create → get → list (pages) → update → run → delete', async () => {
    const made = [];
    for (const n of [1, 2, 3]) made.push(await coze.workflow.create({ name: `smoke-${n}`, nodes: [{ id: 'start', type: 'start' }] }));
    const first = made[0];
    expect((await coze.workflow.get({ workflow_id: first.id })).name === 'smoke-1', 'get returned another workflow');
    const page = await coze.workflow.list({ limit: 2 });
    expect(page.data.length === 2 && page.has_more === true && typeof page.next_cursor === 'string', 'first page of 2 with more');
    const seen = [];
    for await (const workflow of coze.workflow.list({ limit: 2 })) seen.push(workflow.id);
    expect(made.every((workflow) => seen.includes(workflow.id)), `iterating the pages saw ${seen.length} workflow(s)`);
    const updated = await coze.workflow.update({ workflow_id: first.id, name: 'smoke-renamed' });
    expect(updated.name === 'smoke-renamed' && updated.version === 2, `update gave ${JSON.stringify(updated)}`);
    const run = await coze.workflow.run({ workflow_id: first.id, inputs: { input: '你好' } });
    expect(run.status === 'succeeded', `run ${JSON.stringify(run)}`);
    for (const workflow of made) expect((await coze.workflow.delete({ workflow_id: workflow.id })).deleted === true, 'delete');
  });

  await check('a 404 is a NotFoundError', async () => {
    const error = await coze.workflow.get({ workflow_id: 'wf_missing' }).then(() => undefined, (caught) => caught);
    expect(error instanceof sdk.NotFoundError && error instanceof sdk.APIError && error.status === 404, describe(error));
  });

  // The server answers 302 to another origin. A page's fetch hides the redirect (an opaque redirect, status 0, no
  // Location), so all the message can say is where to look; every other runtime sees the 302 and names its target.
  await check('a redirect is a RedirectError naming how to fix it', async () => {
    const call = coze.workflow.get({ workflow_id: 'wf_x' }, { headers: { 'X-Mock-Fault': 'redirect' }, maxRetries: 0 });
    const error = await call.then(() => undefined, (caught) => caught);
    const seen = `${describe(error)} (status ${error?.status}, location ${error?.location})`;
    expect(error instanceof sdk.RedirectError, seen);
    if (typeof globalThis.document !== 'undefined') {
      expect(error.status === 0 && /opaque redirect/.test(error.message) && /base URL/.test(error.message), seen);
    } else {
      const elsewhere = error.status === 302 && error.location?.startsWith('http://127.0.0.1:9/');
      expect(elsewhere && /another origin/.test(error.message), seen);
    }
  });

  // Nothing listens on port 9 (discard). A page's fetch fails with the same bare TypeError there as when a server's
  // CORS policy refuses the page, so in a page the message says what to check; elsewhere the error says what it was.
  await check('a server that cannot be reached is an APIConnectionError (in a page, naming CORS)', async () => {
    const unreachable = new CozeAPI({ apiKey, baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 });
    const error = await unreachable.workflow.get({ workflow_id: 'wf_x' }).then(() => undefined, (caught) => caught);
    const inPage = typeof globalThis.document !== 'undefined';
    expect(
      error instanceof sdk.APIConnectionError &&
        inPage === /a CORS refusal fails the same way/.test(error.message) &&
        (!inPage || error.message.includes(`allows the origin ${globalThis.location.origin}`)),
      describe(error),
    );
  });

  await check('temperature 2 is a RequestValidationError, before sending', async () => {
    const error = await coze.chat.create({ messages, temperature: 2 }).then(() => undefined, (caught) => caught);
    expect(error instanceof sdk.RequestValidationError && error.issues[0]?.field === 'temperature', describe(error));
  });

  await check('an abort settles at once as APIUserAbortError', async () => {
    const controller = new AbortController();
    const call = coze.chat.create({ messages }, { signal: controller.signal, headers: hang, maxRetries: 0 });
    setTimeout(() => controller.abort(), 200);
    const error = await call.then(() => undefined, (caught) => caught);
    expect(error instanceof sdk.APIUserAbortError, describe(error));
  });

  await check('a timeout settles as APITimeoutError', async () => {
    const call = coze.chat.create({ messages }, { timeout: 300, headers: hang, maxRetries: 0 });
    const error = await call.then(() => undefined, (caught) => caught);
    expect(error instanceof sdk.APITimeoutError, describe(error));
  });

  await check('a misspelt option throws at once with "did you mean"', () => {
    let error;
    try {
      new CozeAPI({ apiKey, baseUrl: baseURL });
    } catch (caught) {
      error = caught;
    }
    expect(error instanceof sdk.CozeError && /did you mean `baseURL`/.test(error.message), describe(error));
  });

  await check('chat.create refuses stream: true, pointing at chat.stream()', async () => {
    const error = await coze.chat.create({ messages, stream: true }).then(() => undefined, (caught) => caught);
    expect(error instanceof sdk.RequestValidationError && /chat\.stream\(\)/.test(error.message), describe(error));
  });

  await check('a url among a call\'s options is refused, not sent', async () => {
    const error = await coze.chat.create({ messages }, { url: '/elsewhere' }).then(() => undefined, (caught) => caught);
    expect(error instanceof sdk.RequestValidationError && /`url`/.test(error.message), describe(error));
  });

  // The matrix runs every runtime with COZE_API_KEY empty (read as unset). Deno, run with --allow-net only,
  // refuses to read the variable at all: the message says how to allow it. A browser or a Worker has none to read.
  await check('no key: the error says how to give one', () => {
    let error;
    try {
      new CozeAPI({ baseURL });
    } catch (caught) {
      error = caught;
    }
    const denied = typeof globalThis.Deno !== 'undefined';
    // A browser or a Worker has no environment to set a variable in: the message says what to pass instead.
    const noEnvironment = typeof globalThis.process?.env !== 'object';
    expect(
      error instanceof sdk.CozeError &&
        /^No API key/.test(error.message) &&
        denied === /--allow-env=COZE_API_KEY/.test(error.message) &&
        noEnvironment === /no environment variables/.test(error.message),
      describe(error),
    );
  });

  return results;
}

/** @param {unknown} condition @param {string} detail */
function expect(condition, detail) {
  if (!condition) throw new Error(detail);
}

/** @param {unknown} error */
function describe(error) {
  if (error === undefined) return 'no error';
  if (!(error instanceof Error)) return String(error);
  return `${error.constructor.name}: ${error.message}`;
}
