// The minimal local servers, run in a child process so that they do not share the event loop with
// the clients being measured. Any method and path: `chat` answers with the fixed chat JSON, `stream`
// with ~20 MB of chat-delta events. Exits when the parent disconnects.
import { createServer } from 'node:http';
import { CHAT, chatStreamPayload } from './chat-fixture.mjs';

const STREAM_BYTES = Number(process.env.BENCH_STREAM_BYTES ?? 20e6);
const SLICE = 64 * 1024;

const chatBody = Buffer.from(JSON.stringify(CHAT));
const chatHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(chatBody.length),
  'x-request-id': 'req_bench',
};
const stream = chatStreamPayload(STREAM_BYTES);
const streamHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

function listen(handler) {
  const server = createServer({ keepAliveTimeout: 120_000, requestTimeout: 0 }, handler);
  server.headersTimeout = 0;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const chatServer = await listen((req, res) => {
  req.on('end', () => {
    res.writeHead(200, chatHeaders);
    res.end(chatBody);
  });
  req.resume();
});

const streamServer = await listen((req, res) => {
  req.on('end', () => {
    res.writeHead(200, streamHeaders);
    let offset = 0;
    const pump = () => {
      while (offset < stream.buffer.length) {
        const slice = stream.buffer.subarray(offset, offset + SLICE);
        offset += slice.length;
        if (!res.write(slice)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (offset = stream.buffer.length));
    pump();
  });
  req.resume();
});

const url = (server) => `http://127.0.0.1:${server.address().port}/v1`;
process.send({ chatUrl: url(chatServer), streamUrl: url(streamServer), streamBytes: stream.buffer.length, deltas: stream.deltas });
process.on('disconnect', () => process.exit(0));
