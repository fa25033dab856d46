import net from 'node:net';

/** A TCP server on 127.0.0.1 that answers each request with whatever bytes the test writes. */
export interface RawServer {
  url: string;
  /** How many requests arrived (each request's head, counted once). */
  requests: string[];
  close(): Promise<void>;
}

/** Writes the answer to one request: the socket, the request's head, and the request's number from 0. */
export type RawAnswer = (socket: net.Socket, head: string, index: number) => void;

/** `answer` gets the socket and the request's head once its head has arrived; it writes anything it likes. */
export async function startRawServer(answer: RawAnswer): Promise<RawServer> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      buffered = buffered.slice(end + 4 + length);
      requests.push(head);
      answer(socket, head, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
