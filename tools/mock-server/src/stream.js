import { setTimeout as sleep } from 'node:timers/promises';
import { commonHeaders, errorBody } from './respond.js';

/**
 * @typedef {import('./chat.js').ChatEvent} ChatEvent
 * @typedef {import('./respond.js').Exchange} Exchange
 */

const STREAM_DELAY_HEADER = 'x-mock-stream-delay';

/**
 * The pause between events for this request: the `X-Mock-Stream-Delay` header, else the server's default.
 * Returns undefined for a header that is not a whole number of milliseconds (up to a minute).
 *
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @param {number} fallback
 */
export function streamDelay(headers, fallback) {
  const header = headers[STREAM_DELAY_HEADER];
  if (header === undefined) return fallback;
  const ms = Number(header);
  return /^\d+$/.test(String(header)) && ms <= 60_000 ? ms : undefined;
}

/** @param {ChatEvent} event */
const frame = ({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Writes events as server-sent events, each written (and so sent, Nagle being off) as soon as it is due.
 * The exchange's stream fault, if any, acts after `afterEvents` events.
 *
 * @param {Exchange} exchange
 * @param {ChatEvent[]} events
 * @param {{ delayMs: number, closing: AbortSignal }} options
 */
export async function writeEventStream(exchange, events, { delayMs, closing }) {
  const { res, fault } = exchange;
  res.writeHead(200, {
    ...commonHeaders(exchange),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  // Headers go out now: a client sees the stream open before the first event is due.
  res.flushHeaders();

  const afterEvents = fault && 'afterEvents' in fault ? fault.afterEvents : -1;
  for (let sent = 0; sent < events.length; sent += 1) {
    if (sent > 0 && delayMs > 0) await sleep(delayMs, undefined, { signal: closing });
    // The client went away (a closed loop, an abort): stop producing.
    if (res.destroyed) return;
    if (sent === afterEvents) {
      if (fault?.kind === 'drop-stream') {
        // After the events already written are out, so the client does receive them.
        res.socket?.destroySoon();
        return;
      }
      if (fault?.kind === 'stream-error') {
        const error = errorBody(500, `Injected fault: the chat failed after ${sent} events`);
        res.end(frame({ event: 'error', data: error }) + frame({ event: 'done', data: '[DONE]' }));
        return;
      }
      if (fault?.kind === 'stall-stream') {
        // The connection stays open and silent until the client gives up or the server closes.
        return;
      }
      if (fault?.kind === 'malformed-stream') {
        res.write('event: chat.message.delta\ndata: {"id": "chat_malformed", "delta": \n\n');
      }
    }
    res.write(frame(/** @type {ChatEvent} */ (events[sent])));
  }
  res.end();
}
