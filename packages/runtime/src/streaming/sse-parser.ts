/** One dispatched server-sent event, as the SSE specification defines it. */
export interface ServerSentEvent {
  /** The `event` field; `message` when the server sent none. */
  event: string;
  /** The `data` lines, joined with `\n`. */
  data: string;
  /** The last event id seen on the stream (ids persist across events). */
  id: string;
  /** The `retry` field of this event, in ms, when it carried a valid one. */
  retry: number | undefined;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * An incremental parser for `text/event-stream` text
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * `\n`, `\r\n` and `\r` line endings, comments, multi-line `data`, `id` and `retry` fields.
 * Feed it decoded text in any split; it calls `onEvent` for each complete event.
 * Lines are found with indexOf so that a chunk is scanned once, however it was split.
 */
export class SSEParser {
  private pending = '';
  private skipLF = false;
  private data = '';
  private hasData = false;
  private eventType = '';
  private lastEventId = '';
  private retry: number | undefined;

  constructor(private readonly onEvent: (event: ServerSentEvent) => void) {}

  feed(chunk: string): void {
    // An empty chunk (an empty read from the body) must not split a "\r\n" that spans it.
    if (chunk === '') return;
    let text = this.pending ? this.pending + chunk : chunk;
    this.pending = '';
    let start = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    const length = text.length;
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (start < length) {
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
      let end: number;
      if (nextCR === -1) end = nextLF;
      else if (nextLF === -1) end = nextCR;
      else end = nextCR < nextLF ? nextCR : nextLF;
      if (end === -1) break;
      this.line(text, start, end);
      if (text.charCodeAt(end) === CR) {
        if (end + 1 === length) {
          this.skipLF = true;
          start = length;
          break;
        }
        start = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    if (start < length) this.pending = text.slice(start);
    text = '';
  }

  /** The stream ended: a last event without its trailing blank line is still dispatched. */
  end(): void {
    if (this.pending) {
      const rest = this.pending;
      this.pending = '';
      this.line(rest, 0, rest.length);
    }
    this.dispatch();
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === COLON) return;
    let colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    let valueStart = colon + 1;
    if (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
    const fieldLength = colon - start;
    // "data" is by far the most common field: compare it without slicing the name.
    if (fieldLength === 4 && text.startsWith('data', start)) {
      const value = valueStart >= end ? '' : text.slice(valueStart, end);
      if (this.hasData) this.data += '\n' + value;
      else {
        this.data = value;
        this.hasData = true;
      }
      return;
    }
    const field = text.slice(start, colon);
    const value = valueStart >= end ? '' : text.slice(valueStart, end);
    if (field === 'event') this.eventType = value;
    else if (field === 'id') {
      if (!value.includes('\0')) this.lastEventId = value;
    } else if (field === 'retry') {
      if (/^\d+$/.test(value)) this.retry = Number(value);
    }
  }

  private dispatch(): void {
    if (!this.hasData) {
      this.eventType = '';
      this.retry = undefined;
      return;
    }
    const event: ServerSentEvent = {
      event: this.eventType || 'message',
      data: this.data,
      id: this.lastEventId,
      retry: this.retry,
    };
    this.data = '';
    this.hasData = false;
    this.eventType = '';
    this.retry = undefined;
    this.onEvent(event);
  }
}
