// The embedded server for a soak, in its own process so that its memory (recorded requests, workflows) does not
// count in the client's heap. Talks over IPC: sends { url, token } when listening; answers 'writes' with the
// write counts per Idempotency-Key; exits on 'close'.
import { startMockServer } from '@coze/mock-server';

const options = JSON.parse(process.argv[2] ?? '{}');
const server = await startMockServer({
  recordRequests: false,
  rateLimit: options.rateLimit,
  chaos: { rate: options.faultRate, faults: options.faults, seed: options.seed },
});
process.on('message', async (message) => {
  if (message === 'writes') process.send?.({ writes: [...server.writes] });
  if (message === 'close') {
    await server.close();
    process.disconnect?.();
  }
});
process.send?.({ url: server.url, token: server.tokens.admin });
