// A user's program: it must compile against the published types of @coze/client.
import {
  APIError,
  CozeAPI,
  RateLimitError,
  RequestValidationError,
  type Chat,
  type Workflow,
  type WorkflowNode,
} from '@coze/client';
import { createFetchClient } from '@coze/client/fetch';

declare const process: { env: Record<string, string | undefined> };

export async function main(): Promise<void> {
  const coze = new CozeAPI({ apiKey: process.env.COZE_API_KEY, maxRetries: 3, rateLimit: { requestsPerSecond: 5 } });
  const chat: Chat = await coze.chat.create({ messages: [{ role: 'user', content: '你好' }], temperature: 0.7 });
  const created: number = chat.created;
  const nodes: WorkflowNode[] = [{ id: 'start', type: 'start', next: ['end'] }, { id: 'end', type: 'end' }];
  const wf: Workflow = await coze.workflow.create({ name: 'demo', description: 'first', nodes });
  const page = await coze.workflow.list({ limit: 10 });
  const more: boolean = page.has_more;
  for await (const w of coze.workflow.list()) {
    const id: string = w.id;
    void id;
  }
  await coze.workflow.update({ workflow_id: wf.id, name: 'renamed' }, { timeout: 5_000 });
  await coze.workflow.run({ workflow_id: wf.id, inputs: { input: 'x' } }, { idempotencyKey: 'run-1' });
  const { data, requestId } = await coze.workflow.get({ workflow_id: wf.id }).withResponse();
  const deleted: boolean = (await coze.workflow.delete({ workflow_id: data.id })).deleted;
  for await (const text of coze.chat.stream({ messages: [{ role: 'user', content: 'hi' }] }).textDeltas()) {
    const piece: string = text;
    void piece;
  }
  for await (const event of coze.chat.stream({ messages: [{ role: 'user', content: 'hi' }] })) {
    if (event.event === 'chat.message.delta') event.data.delta.toUpperCase();
    if (event.event === 'chat.completed') event.data.content.toUpperCase();
  }
  const fetchClient = createFetchClient({ apiKey: 'token' });
  const { data: viaFetch } = await fetchClient.POST('/chat', { body: { messages: [{ role: 'user', content: 'x' }] } });
  viaFetch?.content.toUpperCase();
  try {
    await coze.chat.create({ messages: [{ role: 'user', content: 'x' }] });
  } catch (error) {
    if (error instanceof RateLimitError) error.retryAfter?.toFixed();
    if (error instanceof APIError) [error.status, error.code, error.requestId, error.details].join();
    if (error instanceof RequestValidationError) error.issues.map((issue) => issue.field);
  }
  void [created, more, requestId, deleted];
}
