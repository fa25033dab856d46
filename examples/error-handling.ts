// Error handling: every failure is a typed error; invalid input never leaves the process.
import {
  APIError,
  AuthenticationError,
  CozeAPI,
  NotFoundError,
  RateLimitError,
  RequestValidationError,
} from '@coze/client';

const coze = new CozeAPI();

try {
  await coze.chat.create({ messages: [{ role: 'user', content: '你好' }], temperature: 1.5 });
} catch (error) {
  if (!(error instanceof RequestValidationError)) throw error;
  console.log(`not sent: ${error.issues.map((issue) => `${issue.field} (${issue.rule})`).join(', ')}`);
  console.log(`          ${error.message}`);
}

try {
  await coze.workflow.get({ workflow_id: 'wf_doesnotexist' });
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`404:      ${error.message} (request ${error.requestId})`);
}

const stranger = new CozeAPI({ apiKey: 'not-a-real-token' });
try {
  await stranger.workflow.list();
} catch (error) {
  if (!(error instanceof AuthenticationError)) throw error;
  console.log(`401:      ${error.message}`);
}

// Rate limiting is handled for you; this is what reaching it anyway looks like.
try {
  await coze.workflow.list({ limit: 1 }, { maxRetries: 0 });
  console.log('429:      (not reached: the client paces its calls)');
} catch (error) {
  if (error instanceof RateLimitError) console.log(`429:      retry after ${error.retryAfter} ms`);
  else if (error instanceof APIError) console.log(`${error.status}: ${error.message}`);
  else throw error;
}
