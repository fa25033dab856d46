// Streaming: print the reply as it arrives, then the completed chat; stop early with an AbortSignal.
import { APIUserAbortError, CozeAPI } from '@coze/client';

const coze = new CozeAPI();
const messages = [{ role: 'user' as const, content: '用三句话介绍扣子平台' }];

for await (const event of coze.chat.stream({ messages })) {
  if (event.event === 'chat.created') console.log(`[${event.data.id} started]`);
  if (event.event === 'chat.message.delta') process.stdout.write(event.data.delta);
  if (event.event === 'chat.completed') console.log(`\n[completed: ${event.data.content.length} characters]`);
}

const chat = await coze.chat.stream({ messages }).finalChat();
console.log(`finalChat() ${chat.id}`);

const controller = new AbortController();
try {
  for await (const event of coze.chat.stream({ messages }, { signal: controller.signal })) {
    if (event.event === 'chat.message.delta') controller.abort();
  }
} catch (error) {
  if (!(error instanceof APIUserAbortError)) throw error;
  console.log('aborted after the first delta: the connection is closed');
}
