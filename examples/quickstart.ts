// The quick start: a chat, a streamed chat, a workflow created, listed and run, and a burst of calls
// beyond the rate limit that the client absorbs. Reads COZE_API_KEY and COZE_BASE_URL.
import { CozeAPI } from '@coze/client';

const coze = new CozeAPI();

const chat = await coze.chat.create({ messages: [{ role: 'user', content: '你好' }] });
console.log(`chat        ${chat.id}: ${chat.content}`);

process.stdout.write('stream      ');
for await (const text of coze.chat.stream({ messages: [{ role: 'user', content: '讲一个关于令牌桶的笑话' }] }).textDeltas()) {
  process.stdout.write(text);
}
process.stdout.write('\n');

const wf = await coze.workflow.create({
  name: 'quickstart',
  description: 'Translates its input',
  nodes: [
    { id: 'start', type: 'start', next: ['translate'] },
    { id: 'translate', type: 'llm', config: { prompt: 'Translate: {{input}}' }, next: ['end'] },
    { id: 'end', type: 'end' },
  ],
});
console.log(`workflow    created ${wf.id} (version ${wf.version}, ${wf.nodes.length} nodes)`);

let listed = 0;
for await (const _ of coze.workflow.list({ limit: 10 })) listed++;
console.log(`workflows   ${listed} listed`);

const run = await coze.workflow.run({ workflow_id: wf.id, inputs: { input: '你好' } });
console.log(`run         ${run.id}: ${run.status} ${JSON.stringify(run.outputs)}`);

// 25 calls at once against a limit of 10 per second: the client's token bucket paces them.
const started = performance.now();
const results = await Promise.allSettled(Array.from({ length: 25 }, () => coze.workflow.get({ workflow_id: wf.id })));
const failed = results.filter((result) => result.status === 'rejected').length;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`burst       25 calls beyond the 10/s limit: ${25 - failed} succeeded, ${failed} failed, in ${seconds} s`);
if (failed > 0) process.exitCode = 1;
