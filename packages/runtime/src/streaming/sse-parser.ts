import { StreamParseError } from '../errors/index.js';

/** One dispatched server-sent event, as the SSE specification defines it. */
export interface ServerSentEvent {
  /** The `event` field; `message` when the server sent none. */
  event: string;
  /** The `data` lines, joined with `\n`. */
  data: string;
  /** The last event id seen on the stream (ids persist across events). */
  id: string;
  /** The `retry` field of this event, in ms, when it carried a valid one (see also `onRetry`). */
  retry: number | undefined;
}

/** What an SSEParser does besides handing out events. */
export interface SSEParserOptions {
  /**
   * Called with the reconnection time (ms) as soon as a valid `retry` line is read, as the
   * specification applies it: also when it comes in a block of its own, without data.
   */
  onRetry?: (ms: number) => void;
  /**
   * The most characters one event may hold (its unfinished line and its data so far). A stream
   * that goes beyond it (a line that never ends, data lines with no blank line) makes `feed`
   * throw StreamParseError instead of growing without bound. @default 8388608 (8 Mi)
   */
  maxEventSize?: number;
}

/** The default `maxEventSize`: far above any event of the Coze API, far below memory trouble. */
export const DEFAULT_MAX_EVENT_SIZE = 8 * 1024 * 1024;

/** In the queue of what the callbacks asked for during a parse: end() was called. */
const END = Symbol('end');

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;
const a = 97;
const d = 100;
const e = 101;
const n = 110;
const t = 116;
const v = 118;

/**
 * An incremental parser for `text/event-stream` text
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * `\n`, `\r\n` and `\r` line endings, comments, multi-line `data`, `id` and `retry` fields.
 * Feed it decoded text in any split; it calls `onEvent` for each complete event. At the end of
 * the stream, call `end()`: an event without its blank line is incomplete and is discarded.
 *
 * @example
 * const parser = new SSEParser((event) => console.log(event.event, event.data), { onRetry: (ms) => (wait = ms) });
 * const decoder = new TextDecoder();
 * for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
 * parser.end();
 *
 * It is on the hot path of every stream: a chunk is scanned once with indexOf, and its common lines
 * (`event` lines, one-line `data` events) go through scanLines, which compares field names by char
 * code and slices only values; the parser's own methods handle the other lines.
 */
export class SSEParser {
  /** The start of a line whose end has not arrived yet. */
  private pending = '';
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to the same line ending. */
  // Stryker disable next-line BooleanLiteral: equivalent: a \n that starts the stream is a blank line, which dispatches nothing at the start
  private skipLF = false;
  private data = '';
  private hasData = false;
  private eventType = '';
  private lastEventId = '';
  private retry: number | undefined;
  /** Where scanLines puts the name and data of each event it reads, for emit() to hand out. */
  // Stryker disable next-line ArrayDeclaration: equivalent: scanned() hands out only what is added after `found`, so a first element is never read
  protected pairs: unknown[] = [];
  /** A chunk is being parsed: a callback's feed() or end() waits in `later` until it is done. */
  private parsing = false;
  private readonly later: Array<string | typeof END> = [];
  /**
   * What scanLines puts in `pairs` for an event's data, given its name and text: the text itself
   * here. A subclass that decodes the data does it here, as each event is read.
   */
  protected decode: (event: string, data: string) => unknown = keepText;
  private readonly onRetry: ((ms: number) => void) | undefined;
  private readonly maxEventSize: number;

  constructor(
    private readonly onEvent: (event: ServerSentEvent) => void,
    options: SSEParserOptions = {},
  ) {
    this.onRetry = options.onRetry;
    this.maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
    if (!(this.maxEventSize > 0)) throw new RangeError('maxEventSize must be a number above 0');
  }

  /**
   * Parses a chunk of the stream, calling `onEvent` for each event it completes, in stream order.
   *
   * The callbacks may call `feed` and `end` again: those take effect after the chunk being parsed (and anything
   * fed before them), in the order they were called, so the events come out in stream order whatever path a line
   * takes. A callback that throws stops the parse: `feed` throws its error, the rest of the chunk and anything the
   * callbacks fed are dropped, and the parser starts over as after `end()`.
   */
  feed(chunk: string): void {
    if (this.parsing) {
      this.later.push(chunk);
      return;
    }
    this.parsing = true;
    try {
      this.feedChunk(chunk);
      if (this.later.length > 0) this.takeLater();
    } catch (error) {
      this.later.length = 0;
      this.reset();
      throw error;
    } finally {
      this.parsing = false;
    }
  }

  /** Parses what the callbacks fed (and ends where they called end()) while a chunk was parsed. */
  private takeLater(): void {
    // Read by index: what these chunks' callbacks feed is pushed on and taken in this same loop.
    for (let i = 0; i < this.later.length; i++) {
      const next = this.later[i]!;
      if (next === END) this.reset();
      else this.feedChunk(next);
    }
    this.later.length = 0;
  }

  private feedChunk(chunk: string): void {
    // An empty chunk (an empty read from the body) must not split a "\r\n" that spans it.
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent when it never returns: an empty chunk then reaches no parse (start 0 is not below length 0), and pending stays as it is
    if (chunk === '') return;
    let start = 0;
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent when the join runs with nothing pending: the first line is parsed on its own, with the same events
    if (this.pending !== '') {
      // The line cut by the last chunk boundary is joined with this chunk's first line alone:
      // joining the whole chunk would copy it.
      const lf = chunk.indexOf('\n');
      const cr = chunk.indexOf('\r');
      // Stryker disable next-line ConditionalExpression,MethodExpression: equivalent for a later line ending: the joined text is parsed line by line anyway (only its length differs)
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) {
        this.pending += chunk;
        this.checkSize(this.pending.length);
        return;
      }
      const line = this.pending + chunk.slice(0, end + 1);
      this.pending = '';
      this.parse(line, 0);
      // Stryker disable next-line ArithmeticOperator: equivalent: going back one character re-reads a one-character line (no field has a one-letter name) or nothing
      start = end + 1;
    }
    if (start < chunk.length) this.parse(chunk, start);
  }

  /** Parses the lines of `text` from `start`, and keeps an incomplete last line for the next chunk. */
  private parse(text: string, start: number): void {
    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(start) === LF) start++;
    }
    const length = text.length;
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (start < length) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent: searching for \r again from `start` finds the same one (only slower)
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
      // With no `\r` ahead and no event half read (a data line, a retry field), scanLines can
      // take the common lines.
      // Stryker disable next-line ConditionalExpression,UnaryOperator,BlockStatement: equivalent when scanLines is skipped: the general path reads the same lines (only slower; pnpm bench measures it)
      if (nextCR === -1 && !this.hasData && this.retry === undefined) {
        const found = this.pairs.length;
        start = scanLines(text, start, this.eventType, this.pairs, this.decode);
        this.eventType = scannedType;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: scanned() with no new pair hands out nothing
        if (this.pairs.length > found) this.scanned(found);
      }
      // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent: searching for \n again from `start` finds the same one (only slower)
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
      // Stryker disable next-line EqualityOperator: equivalent: \r and \n are never at the same index, so < and <= choose alike
      const end = nextCR === -1 ? nextLF : nextLF === -1 ? nextCR : nextCR < nextLF ? nextCR : nextLF;
      if (end === -1) break;
      if (end === start) this.dispatch();
      else this.line(text, start, end);
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
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent at start === length: an empty rest is kept as '' and counts 0 characters
    if (start < length) {
      this.checkSize(length - start);
      this.pending = text.slice(start);
    }
  }

  /**
   * The stream ended. As the specification says, an event without its blank line (and a last line
   * without its line ending) is incomplete and is discarded. The parser is ready for a new stream.
   */
  end(): void {
    if (this.parsing) this.later.push(END);
    else this.reset();
  }

  private reset(): void {
    this.pending = '';
    // Stryker disable next-line BooleanLiteral: equivalent: a \n that starts the next stream is a blank line, which dispatches nothing at the start
    this.skipLF = false;
    this.data = '';
    this.hasData = false;
    this.eventType = '';
    this.retry = undefined;
  }

  /** Throws when an unfinished line of `pendingLength` characters makes the event too large. */
  private checkSize(pendingLength: number): void {
    if (pendingLength + this.data.length > this.maxEventSize) {
      // feed() then resets the parser, as for any error.
      throw new StreamParseError(
        `An event is larger than the limit of ${this.maxEventSize} characters (maxEventSize): the stream was stopped.`,
      );
    }
  }

  /** Hands out the events scanLines put in `pairs` from `found` on. */
  protected scanned(found: number): void {
    const pairs = this.pairs.splice(found);
    for (let i = 0; i < pairs.length; i += 2) this.emit(pairs[i] as string, pairs[i + 1] as string, undefined);
  }

  /** One non-empty line other than the common ones scanLines takes; comments and unknown fields are ignored. */
  private line(text: string, start: number, end: number): void {
    const line = text.slice(start, end);
    const colon = line.indexOf(':');
    // Stryker disable next-line ConditionalExpression: equivalent when a comment is not returned early: its field name is '', which no branch takes
    if (colon === 0) return;
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    if (field === 'data') {
      if (this.hasData) {
        this.data += '\n' + value;
        this.checkSize(0);
      } else {
        this.data = value;
        this.hasData = true;
      }
    } else if (field === 'event') this.eventType = value;
    else if (field === 'id') {
      if (!value.includes('\0')) this.lastEventId = value;
    } else if (field === 'retry') {
      if (/^\d+$/.test(value)) {
        this.retry = Number(value);
        this.onRetry?.(this.retry);
      }
    }
  }

  private dispatch(): void {
    const event = this.eventType || 'message';
    const retry = this.retry;
    this.eventType = '';
    this.retry = undefined;
    if (!this.hasData) return;
    const data = this.data;
    this.data = '';
    this.hasData = false;
    this.emit(event, data, retry);
  }

  /** Hands out one event, its state already reset (the callback may feed the parser again). */
  protected emit(event: string, data: string, retry: number | undefined): void {
    this.onEvent({ event, data, id: this.lastEventId, retry });
  }
}

/** The event name in effect where scanLines stopped: its second result, kept here to spare an object. */
// Stryker disable next-line StringLiteral: equivalent: scanLines sets scannedType before anything reads it
let scannedType = '';

/** A plain SSEParser's `decode`: the data stays text. */
const keepText = (_event: string, data: string): string => data;

/**
 * The hot loop of every stream: from `start`, reads `event` lines and a lone `data` line right
 * before its blank line (a whole event, whose name and data go to `pairs`), and stops at the first
 * other line or incomplete line, whose start it returns. It must not see a data line while the
 * parser holds data or a retry field. A function of its arguments alone: V8 ties optimized code to
 * the hidden classes it reads, and a parser class's instances lose theirs at a full GC once none
 * is alive; this loop reads none, so it stays optimized from one stream to the next.
 */
function scanLines(
  text: string,
  start: number,
  type: string,
  pairs: unknown[],
  decode: (event: string, data: string) => unknown,
): number {
  let end = text.indexOf('\n', start);
  while (end !== -1) {
    const first = text.charCodeAt(start);
    if (
      first === e &&
      // Stryker disable next-line ArithmeticOperator: equivalent: the character before a line is its \n (or none), never 'v', so the general path takes the line
      text.charCodeAt(start + 1) === v &&
      text.charCodeAt(start + 2) === e &&
      text.charCodeAt(start + 3) === n &&
      text.charCodeAt(start + 4) === t &&
      text.charCodeAt(start + 5) === COLON
    ) {
      type = text.slice(text.charCodeAt(start + 6) === SPACE ? start + 7 : start + 6, end);
      // Stryker disable next-line ArithmeticOperator: equivalent: going back to the event line's last character re-reads a one-character line (no field has a one-letter name) or a comment
      start = end + 1;
    } else if (
      first === d &&
      // Stryker disable next-line ArithmeticOperator: equivalent: the character before a line is its \n (or none), never 'a', so the general path takes the line
      text.charCodeAt(start + 1) === a &&
      text.charCodeAt(start + 2) === t &&
      text.charCodeAt(start + 3) === a &&
      text.charCodeAt(start + 4) === COLON &&
      // Stryker disable next-line ArithmeticOperator: equivalent: the character before a data line's \n is part of that line, never \n, so the general path takes the line
      text.charCodeAt(end + 1) === LF
    ) {
      const event = type || 'message';
      // Stored by index: push() was a call to a builtin here (measured), an indexed store is not.
      pairs[pairs.length] = event;
      pairs[pairs.length] = decode(event, text.slice(text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, end));
      type = '';
      start = end + 2;
    } else break;
    end = text.indexOf('\n', start);
  }
  scannedType = type;
  return start;
}
