import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { APIConnectionError } from './errors/index.js';

/** The longest a proxy may leave a CONNECT unanswered. */
const CONNECT_IDLE_MS = 60_000;

/** How a proxy is named in messages: never with its credentials. */
export function proxyName(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/** The Proxy-Authorization of a proxy URL with user:password, else undefined. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/**
 * An https agent whose connections are tunnels through an http proxy: CONNECT host:port, then TLS
 * to the target over that socket, so the proxy sees only the host name and ciphertext. The agent
 * pools the tunnels (keep-alive) as it pools direct connections.
 */
export class TunnelAgent extends https.Agent {
  constructor(private readonly proxy: URL) {
    super({ keepAlive: true });
  }

  override createConnection(
    options: tls.ConnectionOptions & { host?: string; port?: number },
    done: (error: Error | null, socket?: Duplex) => void,
  ): Duplex | undefined {
    const authority = `${options.host?.includes(':') ? `[${options.host}]` : options.host}:${options.port ?? 443}`;
    const authorization = proxyAuthorization(this.proxy);
    const connect = http.request({
      host: this.proxy.hostname,
      port: this.proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...(authorization ? { 'proxy-authorization': authorization } : {}) },
      agent: false,
    });
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        done(
          new APIConnectionError(
            `The proxy ${proxyName(this.proxy)} refused the tunnel to ${authority}: ${response.statusCode} ${response.statusMessage ?? ''}`.trim(),
          ),
        );
        return;
      }
      done(null, tls.connect({ ...options, socket }));
    });
    // The request that wanted the tunnel has its own timeout; this only keeps a proxy that never
    // answers the CONNECT from holding a socket open for good.
    connect.setTimeout(CONNECT_IDLE_MS, () => connect.destroy(new Error('the proxy did not answer the CONNECT')));
    connect.once('error', (error) =>
      done(new APIConnectionError(`Could not reach the proxy ${proxyName(this.proxy)}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)),
    );
    connect.end();
    return undefined;
  }
}
