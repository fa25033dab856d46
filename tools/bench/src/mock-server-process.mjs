// The embedded mock server in a process of its own, as a real server would be: the clients under
// test do not share its event loop. Answers `count` with how many chats it has received.
import { startMockServer } from '@coze/mock-server';

const server = await startMockServer({ port: 0, rateLimit: JSON.parse(process.env.BENCH_MOCK_RATE_LIMIT) });
process.on('message', (message) => {
  if (message === 'count') {
    process.send({ chats: server.requests.filter((request) => request.operationId === 'chat.create').length });
  }
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
process.send({ url: server.url, tokens: server.tokens });
