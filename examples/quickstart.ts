// The quick start: a chat, a streamed chat, a workflow created, listed and run, and a burst of calls beyond the
// rate limit that the client absorbs. Reads COZE_API_KEY and COZE_BASE_URL. What it creates is named
// QUICKSTART_NAME (quickstart-<time> by default) and deleted at the end — also when a step fails or on Ctrl-C.
import { CozeAPI } from '@coze/client';

const coze = new CozeAPI();
const name = process.env.QUICKSTART_NAME ?? `quickstart-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
const stopping = new AbortController();
const signal = stopping.signal;
let created: string | undefined;

/** Deletes the workflow this run created, once, whichever way the run ends. */
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    if (created === undefined) return;
    const id = created;
    try {
      await coze.workflow.delete({ workflow_id: id });
      console.log(`cleanup     deleted ${name} (${id})`);
    } catch (error) {
      console.error(`cleanup     could not delete ${name} (${id}): ${(error as Error).message} Delete it yourself.`);
      process.exitCode = 1;
    }
  })();
  return cleaning;
}

// Ctrl-C (the terminal sends it to every process of the job, possibly more than once): stop, clean up, exit 130.
const interrupted = (signalName: NodeJS.Signals) => {
  if (stopping.signal.aborted) return;
  console.log(`\n${signalName}: stopping and cleaning up…`);
  stopping.abort();
  void cleanUp().finally(() => process.exit(130));
};
process.on('SIGINT', interrupted);
process.on('SIGTERM', interrupted);

try {
  const chat = await coze.chat.create({ messages: [{ role: 'user', content: '你好' }] }, { signal });
  console.log(`chat        ${chat.id}: ${chat.content}`);

  process.stdout.write('stream      ');
  const stream = coze.chat.stream({ messages: [{ role: 'user', content: '讲一个关于令牌桶的笑话' }] }, { signal });
  for await (const text of stream.textDeltas()) process.stdout.write(text);
  process.stdout.write('\n');

  const wf = await coze.workflow.create(
    {
      name,
      description: 'Made by the SDK quick start, which deletes it when it ends',
      nodes: [
        { id: 'start', type: 'start', next: ['translate'] },
        { id: 'translate', type: 'llm', config: { prompt: 'Translate: {{input}}' }, next: ['end'] },
        { id: 'end', type: 'end' },
      ],
    },
    { signal },
  );
  created = wf.id;
  console.log(`workflow    created ${wf.id} "${name}" (version ${wf.version}, ${wf.nodes.length} nodes)`);

  let listed = 0;
  for await (const _ of coze.workflow.list({ limit: 10 }, { signal })) listed++;
  console.log(`workflows   ${listed} listed`);

  const run = await coze.workflow.run({ workflow_id: wf.id, inputs: { input: '你好' } }, { signal });
  console.log(`run         ${run.id}: ${run.status} ${JSON.stringify(run.outputs)}`);

  // 25 calls at once against a limit of 10 per second: the client's token bucket paces them. (Without the
  // signal: 25 listeners on one AbortSignal would make Node warn; Ctrl-C during the burst still cleans up.)
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 25 }, () => coze.workflow.get({ workflow_id: wf.id })));
  const failed = results.filter((result) => result.status === 'rejected').length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`burst       25 calls beyond the 10/s limit: ${25 - failed} succeeded, ${failed} failed, in ${seconds} s`);
  if (failed > 0) process.exitCode = 1;
} catch (error) {
  if (!signal.aborted) {
    console.error(`failed      ${(error as Error).name}: ${(error as Error).message}`);
    process.exitCode = 1;
  }
} finally {
  if (!signal.aborted) await cleanUp();
}
