import type { ConformanceCase, NotApplicable } from './adapter.js';

/**
 * The examples of the HTML standard's server-sent events section, and web-platform-tests' eventsource format
 * cases (3-clause BSD), each as the bytes its resource sends (`resources/message.py` echoes `message` + `newline`
 * (default "\n\n") + "\n") and what the test expects.
 */
const SPEC = 'https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation';
const WPT = 'https://github.com/web-platform-tests/wpt/blob/master/eventsource';
/** What resources/message.py sends for a message. */
const message = (text: string, newline = '\n\n') => `${text}${newline}\n`;

export const whatwgCases: ConformanceCase[] = [
  {
    name: 'example: three data lines make one message',
    source: SPEC,
    chunks: ['data: YHOO\ndata: +2\ndata: 10\n\n'],
    events: [{ event: 'message', data: 'YHOO\n+2\n10' }],
  },
  {
    name: 'example: comment, ids set and reset, a leading space kept',
    source: SPEC,
    chunks: [': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n'],
    events: [
      { data: 'first event', id: '1' },
      { data: 'second event', id: '' },
      { data: ' third event', id: '' },
    ],
  },
  {
    name: 'example note: "the end of the stream is not enough to trigger the dispatch of the last event"',
    source: SPEC,
    chunks: ['data: first event\nid: 1\n\ndata:  third event'],
    events: [{ data: 'first event', id: '1' }],
  },
  {
    name: 'example: empty data, a lone newline, and a last block discarded without its blank line',
    source: SPEC,
    chunks: ['data\n\ndata\ndata\n\ndata:'],
    events: [{ data: '' }, { data: '\n' }],
  },
  {
    name: 'example: "data:test" and "data: test" are the same',
    source: SPEC,
    chunks: ['data:test\n\ndata: test\n\n'],
    events: [{ data: 'test' }, { data: 'test' }],
  },
];

export const wptCases: ConformanceCase[] = [
  {
    name: 'format-bom: a leading BOM is skipped; a second one makes its line an unknown field',
    source: `${WPT}/format-bom.js`,
    chunks: [new Uint8Array([0xef, 0xbb, 0xbf]), message('data:1\n\n\uFEFFdata:2\n\ndata:3')],
    events: [{ data: '1' }, { data: '3' }],
  },
  {
    name: 'format-bom-2: only one BOM is skipped',
    source: `${WPT}/format-bom-2.any.js`,
    chunks: [new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), message('data:1\n\ndata:2\n\ndata:3')],
    events: [{ data: '2' }, { data: '3' }],
  },
  {
    name: 'format-comments: comment fest',
    source: `${WPT}/format-comments.js`,
    chunks: [message(`data:1\r:\0\n:\r\ndata:2\n:${'x'.repeat(2048)}\rdata:3\n:data:fail\r:${'x'.repeat(2048)}\ndata:4\n`, '')],
    events: [{ data: '1\n2\n3\n4' }],
  },
  {
    name: 'format-data-before-final-empty-line: an event without its final empty line is not dispatched',
    source: `${WPT}/format-data-before-final-empty-line.js`,
    chunks: [message('retry:1000\ndata:test1\n\nid:test\ndata:test2', '')],
    events: [{ data: 'test1', id: '' }],
    retries: [1000],
  },
  {
    name: 'format-field-data: data field parsing',
    source: `${WPT}/format-field-data.js`,
    chunks: [message('data:\n\ndata\ndata\n\ndata:test')],
    events: [{ data: '' }, { data: '\n' }, { data: 'test' }],
  },
  {
    name: 'format-field-event: a custom event name',
    source: `${WPT}/format-field-event.htm`,
    chunks: [message('event:test\ndata:x\n\ndata:x')],
    events: [{ event: 'test', data: 'x' }, { event: 'message', data: 'x' }],
  },
  {
    name: 'format-field-event-empty: an "event" field of one space is a message',
    source: `${WPT}/format-field-event-empty.htm`,
    chunks: [message('event: \ndata:data')],
    events: [{ event: 'message', data: 'data' }],
  },
  ...['format-field-id.htm', 'format-field-id-2.any.js'].map(
    (file): ConformanceCase => ({
      name: `${file.split('.')[0]}: the id and retry of resources/last-event-id.php`,
      source: `${WPT}/${file}`,
      chunks: ['id: …\nretry: 200\ndata: hello\n\n'],
      events: [{ data: 'hello', id: '…' }],
      retries: [200],
    }),
  ),
  {
    name: 'format-field-id-3: lastEventId persists',
    source: `${WPT}/format-field-id-3.htm`,
    chunks: ['id: 1\ndata: 1\n\ndata:2\n\n'],
    events: [{ id: '1' }, { id: '1' }],
  },
  {
    name: 'format-field-id-3: lastEventId changes and persists',
    source: `${WPT}/format-field-id-3.htm`,
    chunks: ['id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n'],
    events: [{ id: '1' }, { id: '2' }, { id: '2' }],
  },
  {
    name: 'format-field-id-3: lastEventId resets',
    source: `${WPT}/format-field-id-3.htm`,
    chunks: ['id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n'],
    events: [{ id: '1' }, { id: '' }, { id: '' }],
  },
  {
    name: 'format-field-retry: "02000" is 2000, not octal',
    source: `${WPT}/format-field-retry.htm`,
    chunks: [message('retry:02000\ndata:x')],
    events: [{ data: 'x' }],
    retries: [2000],
  },
  {
    name: 'format-field-retry-bogus: "1000x" is ignored, the earlier 2000 stands',
    source: `${WPT}/format-field-retry-bogus.htm`,
    chunks: [message('retry:2000\nretry:1000x\ndata:x')],
    events: [{ data: 'x' }],
    retries: [2000],
  },
  {
    name: 'format-null-character: a NUL in data is kept',
    source: `${WPT}/format-null-character.html`,
    chunks: [message('data:\0\n\n')],
    events: [{ data: '\0' }],
  },
  {
    name: 'format-utf-8: always UTF-8, whatever the charset says',
    source: `${WPT}/format-utf-8.js`,
    chunks: [new Uint8Array([...new TextEncoder().encode('data:ok'), 0xe2, 0x80, 0xa6, 0x0a, 0x0a, 0x0a])],
    events: [{ data: 'ok…' }],
  },
];

export const wptNotApplicable: NotApplicable[] = [
  { name: 'format-mime-valid-bogus', source: `${WPT}/format-mime-valid-bogus.htm`, why: 'about the Content-Type, which the parser never sees: EventStream checks it (test/sse-conformance.test.ts runs this case against EventStream)' },
  { name: 'format-field-id-null', source: `${WPT}/format-field-id-null.htm`, why: 'its resource (last-event-id.py with idvalue) echoes a Last-Event-ID request header on reconnection: a client behaviour' },
  { name: 'event-data', source: `${WPT}/event-data.js`, why: 'its resource, message2.py, is an endless server-side stream not held in the suite as data' },
  { name: 'the EventSource interface tests (constructor, readyState, close, reconnect, request headers, CORS, redirects, status errors, workers)', source: WPT, why: 'about the browser’s EventSource object, not the stream format' },
];
