// Each line below misuses the API; each must be a compile error (the test counts them by line).
import { CozeAPI } from '@coze/client';

const coze = new CozeAPI({ apiKey: 'x' });
export async function misuse(): Promise<void> {
  await coze.chat.create({ messages: [{ role: 'robot', content: 'x' }] }); // MISUSE role-enum
  await coze.chat.create({ temperature: 0.5 }); // MISUSE messages-required
  await coze.chat.create({ messages: [], temperature: 'hot' }); // MISUSE temperature-type
  await coze.workflow.get({}); // MISUSE workflow_id-required
  await coze.workflow.remove({ workflow_id: 'wf_1' }); // MISUSE unknown-method
  const chat = await coze.chat.create({ messages: [{ role: 'user', content: 'x' }] });
  chat.contents.toString(); // MISUSE unknown-property
  await coze.chat.create({ messages: [{ role: 'user', content: 'x' }], stream: true }); // MISUSE create-does-not-stream
  new CozeAPI({ apiKey: 'x', baseUrl: 'http://127.0.0.1:4010/v1' }); // MISUSE misspelt-option
  await coze.chat.create({ messages: [] }, { timeOut: 5 }); // MISUSE misspelt-call-option
}
