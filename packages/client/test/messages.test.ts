// Messages that name the fix, through CozeAPI against the embedded server: where a refused key came from, the
// API's /v1 when the base URL lacks it, and the scheme a typo meant.
import { startMockServer, type MockServer } from '@coze/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, CozeAPI, CozeError, NotFoundError, RequestValidationError } from '../src/index.js';

const WRONG = 'sk-wrong-key-SENTINEL-b3c7';
let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(async () => server.close());
afterEach(() => {
  delete process.env.COZE_API_KEY;
  delete process.env.COZE_BASE_URL;
});

async function refusal(coze: CozeAPI): Promise<Error> {
  const error = await coze.workflow.list().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  expect(error!.message).not.toContain(WRONG);
  return error!;
}

describe('a 401 names where the key came from, never the key', () => {
  it('the COZE_API_KEY environment variable', async () => {
    process.env.COZE_API_KEY = WRONG;
    const error = await refusal(new CozeAPI({ baseURL: server.url }));
    expect(error.message).toMatch(/^401 .*\. Check the API key: it came from the COZE_API_KEY environment variable \(the key is not shown\)\.$/);
  });

  it('the apiKey option (which wins over the variable)', async () => {
    process.env.COZE_API_KEY = server.tokens.admin;
    const error = await refusal(new CozeAPI({ baseURL: server.url, apiKey: WRONG }));
    expect(error.message).toContain('it came from the `apiKey` option');
  });

  it('an apiKey function', async () => {
    const error = await refusal(new CozeAPI({ baseURL: server.url, apiKey: async () => WRONG }));
    expect(error.message).toContain('it came from the `apiKey` function');
  });
});

describe('a 404 from a base URL without the API’s /v1 says so', () => {
  it('suggests the base URL with /v1 (the path of the spec’s server)', async () => {
    const origin = new URL(server.url).origin;
    const coze = new CozeAPI({ baseURL: origin, apiKey: server.tokens.admin });
    const error = await coze.workflow.list().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error!.message).toMatch(new RegExp(`^404 .*\\. The base URL ${origin} lacks the API's base path /v1: did you mean ${origin}/v1\\?$`));
  });

  it('says nothing of the kind when the base URL has it and the resource is what is missing', async () => {
    const coze = new CozeAPI({ baseURL: server.url, apiKey: server.tokens.admin });
    const error = await coze.workflow.get({ workflow_id: 'wf_missing' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error!.message).not.toContain('base path');
  });
});

describe('a scheme typo', () => {
  it('suggests https://, not allowInsecureBaseURL', () => {
    const attempt = () => new CozeAPI({ baseURL: 'htps://api.coze.cn/v1', apiKey: 'k' });
    expect(attempt).toThrow(CozeError);
    expect(attempt).toThrow('Did you mean https://api.coze.cn/v1?');
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('allowInsecureBaseURL');
    }
  });
});

describe('an empty baseURL (an unset variable passed along) is read as unset, as an empty apiKey is', () => {
  it('falls back to COZE_BASE_URL', async () => {
    process.env.COZE_BASE_URL = server.url;
    const coze = new CozeAPI({ baseURL: '', apiKey: server.tokens.admin });
    const page = await coze.workflow.list();
    expect(Array.isArray(page.data)).toBe(true);
  });

  it("falls back to the spec's server when COZE_BASE_URL is unset too", async () => {
    const urls: string[] = [];
    const controller = new AbortController();
    const coze = new CozeAPI({
      baseURL: '',
      apiKey: 'k',
      maxRetries: 0,
      hooks: {
        // Nothing leaves this machine: the call is aborted as it starts.
        onRequest: ({ url }) => {
          urls.push(url);
          controller.abort();
        },
      },
    });
    await coze.workflow.list({}, { signal: controller.signal }).catch(() => undefined);
    expect(urls).toEqual(['https://api.coze.cn/v1/workflow']);
  });
});

describe('a missing path parameter', () => {
  it('is named as the caller wrote it, and nothing is sent', async () => {
    server.reset();
    const coze = new CozeAPI({ baseURL: server.url, apiKey: server.tokens.admin });
    for (const call of [() => coze.workflow.get({} as never), () => coze.workflow.run({ inputs: {} } as never)]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues).toEqual([{ field: 'workflow_id', rule: 'required', message: 'workflow_id is required' }]);
    }
    expect(server.requests).toHaveLength(0);
  });
});
