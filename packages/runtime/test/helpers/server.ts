import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request as the test server saw it. */
export interface Arrival {
  /** Arrival order, from 0. */
  index: number;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** performance.now() when the request's body had arrived. */
  at: number;
  /** Resolves with performance.now() once the exchange's connection closed or its response ended. */
  closed: Promise<number>;
  /** Whether the client went away before the server ended the response. */
  clientClosedEarly: () => boolean;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, arrival: Arrival) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  arrivals: Arrival[];
  /** Resolves once `count` requests have arrived; rejects after `withinMs`. */
  waitForArrivals(count: number, withinMs?: number): Promise<Arrival[]>;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a random port that records every request before the handler answers. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const arrivals: Arrival[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let ended = false;
      let early = false;
      res.on('finish', () => (ended = true));
      const closed = new Promise<number>((resolve) =>
        res.on('close', () => {
          early = !ended;
          resolve(performance.now());
        }),
      );
      const arrival: Arrival = {
        index: arrivals.length,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
        closed,
        clientClosedEarly: () => early,
      };
      arrivals.push(arrival);
      for (const wake of waiters) wake();
      void Promise.resolve(handler(req, res, arrival)).catch((error: unknown) => {
        res.destroy(error as Error);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    arrivals,
    waitForArrivals(count, withinMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (arrivals.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(arrivals);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} request(s) within ${withinMs} ms, saw ${arrivals.length}`));
        }, withinMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Milliseconds between consecutive arrivals. */
export function gaps(arrivals: readonly Arrival[]): number[] {
  return arrivals.slice(1).map((arrival, i) => arrival.at - arrivals[i]!.at);
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Resolves after `ms` (test-side pacing; the timer is the test's own, not the runtime's). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with a named failure if `promise` has not settled within `ms`, so a hang fails instead of stalling. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
