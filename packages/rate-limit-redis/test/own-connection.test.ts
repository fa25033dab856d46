import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisRateLimitStore, type RedisRateLimitStoreOptions } from '../src/index.js';
import { startRedis, type RedisServer } from './fixtures/redis-server.mjs';

// The connection a store opens itself (from `url`), seen from the other end of the wire: a TCP server on 127.0.0.1
// that stands for Redis (one that drops every connection, one that never answers) or sits in front of a real one.

const TOKEN = 'sk-SENTINEL-own-connection-must-never-leak';
const stores: RedisRateLimitStore[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storeFor(url: string, options: Partial<RedisRateLimitStoreOptions> = {}): RedisRateLimitStore {
  const store = new RedisRateLimitStore({ url, headroomMs: 0, ...options });
  stores.push(store);
  return store;
}

/** A TCP server on 127.0.0.1 whose connections `onConnection` handles; its sockets are destroyed after the test. */
async function tcpServer(onConnection: (socket: net.Socket) => void): Promise<{ url: string; sockets: net.Socket[] }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`, sockets };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a store’s own connection', () => {
  it('reconnects with a backoff that starts near 100 ms and doubles (up to retryInterval)', async () => {
    const times: number[] = [];
    const { url } = await tcpServer((socket) => {
      times.push(performance.now());
      socket.destroy();
    });
    storeFor(url, { retryInterval: 2000 });
    // Attempts at about 0, 100, 300 and 700 ms: waits of 100, 200 and 400.
    for (let i = 0; i < 40 && times.length < 4; i++) await sleep(100);
    const waits = times.slice(1, 4).map((time, i) => time - times[i]!);
    expect(waits).toHaveLength(3);
    // A busy machine only makes waits longer, so the lower bounds hold; the first wait is still far from retryInterval.
    expect(waits[0]).toBeGreaterThanOrEqual(80);
    expect(waits[0]).toBeLessThan(1000);
    expect(waits[1]).toBeGreaterThanOrEqual(180);
    expect(waits[2]).toBeGreaterThanOrEqual(380);
  });

  it('close() drops a connection whose Redis does not answer, once commandTimeout has passed', async () => {
    // Reads what it is sent (so it sees the end of the connection) and never answers.
    const { url, sockets } = await tcpServer((socket) => socket.resume());
    const store = storeFor(url, { commandTimeout: 200, connectTimeout: 200 });
    // Until the store is used it may not have connected: one call (which goes on without Redis) makes sure.
    expect(await store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).toBe(0);
    expect(sockets).toHaveLength(1);
    const closed = new Promise((resolve) => sockets[0]!.once('close', () => resolve('closed')));
    await store.close();
    expect(await Promise.race([closed, sleep(2000).then(() => 'still open')])).toBe('closed');
  });
});

describe('a call whose reply was lost with the connection', () => {
  let redis: RedisServer | undefined;

  afterEach(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it('is not sent again when the store reconnects: it may already have spent a token', async () => {
    redis = await startRedis();
    const target = new URL(redis.url);
    let scriptCalls = 0;
    let dropNextReply = true;
    // In front of the real Redis: counts the bucket script's calls, and the first one's reply never comes back —
    // the connection drops after Redis ran it.
    const { url } = await tcpServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      let awaitingScript = false;
      client.on('data', (bytes) => {
        const calls = bytes.toString('latin1').match(/\r\nevalsha\r\n|\r\neval\r\n/gi)?.length ?? 0;
        scriptCalls += calls;
        if (calls > 0 && dropNextReply) awaitingScript = true;
        upstream.write(bytes);
      });
      upstream.on('data', (bytes) => {
        if (awaitingScript) {
          awaitingScript = dropNextReply = false;
          return void client.destroy();
        }
        client.write(bytes);
      });
    });
    const store = storeFor(url, { commandTimeout: 500, connectTimeout: 500, retryInterval: 60_000 });
    expect(await store.take(Date.now(), 10, 10, store.bucketFor(TOKEN))).toBe(0);
    expect(scriptCalls).toBe(1);
    // Reconnection comes after ~100 ms; a resent call would reach Redis soon after.
    await sleep(600);
    expect(scriptCalls).toBe(1);
  });
});
