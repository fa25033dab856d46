import type { ConformanceCase, NotApplicable } from './adapter.js';

/**
 * eventsource-parser's own suite (MIT, Espen Hovlandsdal), restated as data: the streams its fixtures feed
 * (`test/fixtures.ts`, written there with eventsource-encoder; here as the text that encoder produces) and what
 * its assertions in `test/parse.test.ts` expect. Read at v3.1.1, the version tools/bench pins.
 */
const AT = 'https://github.com/rexxars/eventsource-parser/blob/v3.1.1/test';
const test = `${AT}/parse.test.ts`;
const DONE = 'event: done\ndata: ✔\n\n';
const time = (i: number) => `2026-11-30T12:00:0${i}.000Z`;

/** A few of the fixture's multi-byte lines and emojis (`test/multibyte.ts`), enough to cross every split. */
const MULTIBYTE_LINES = ['Blåbærsyltetøy må da være mulig å oppdrive?', 'በእርግጥ አንድ ሰው ብሉቤሪ ጃምን መግዛት መቻል አለበት?', '一定能买到蓝莓果酱吗？', 'Невже треба вміти добути варення з чорниці?'];
const EMOJIS = ['😶‍🌫️', '❤️‍🔥', '🫱🏻‍🫲🏼', '👁️‍🗨️'];
const multibyte = MULTIBYTE_LINES.map((line, i) => `${line} ${EMOJIS[i]}`);

const long = 'x'.repeat(2 * 1024 + 1);
/** The huge-message fixture's shape: one event of ~10 MB of multi-line, multi-byte data, fed in many chunks. */
const hugeChunk = `data: ${MULTIBYTE_LINES.join('\ndata: ')}\ndata: ${EMOJIS.join(' ')}\n`;
const hugeCount = Math.ceil((10 * 1024 * 1024) / hugeChunk.length / 3);

export const eventsourceParserCases: ConformanceCase[] = [
  {
    name: 'basic unnamed events stream',
    source: test,
    feed: 'text',
    chunks: ['data: 0\n\n', 'data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n', 'data: 4\n\n', DONE],
    events: [{ data: '0', event: 'message', id: '' }, { data: '1' }, { data: '2' }, { data: '3' }, { data: '4' }, { event: 'done', data: '✔' }],
  },
  {
    name: 'stream of `time` event name',
    source: test,
    feed: 'text',
    chunks: [0, 1, 2, 3, 4].map((i) => `event: time\ndata: ${time(i)}\n\n`).concat(DONE),
    events: [0, 1, 2, 3, 4].map((i) => ({ event: 'time', data: time(i) })).concat({ event: 'done', data: '✔' }),
  },
  {
    name: 'stream of `time` event names, unbalanced chunks',
    source: test,
    feed: 'text',
    // The fixture splits each event at a random offset; here at every third offset in turn.
    chunks: Array.from({ length: 30 }, (_, i) => {
      const event = `id: ${1000 + i}\nevent: time\ndata: ${time(i % 10)}\n\n`;
      const at = (i * 3) % event.length;
      return [event.slice(0, at), event.slice(at)];
    }).flat(),
    events: Array.from({ length: 30 }, (_, i) => ({ event: 'time', data: time(i % 10), id: String(1000 + i) })),
  },
  {
    name: 'stream of identified messanges + retry interval',
    source: test,
    feed: 'text',
    chunks: ['id: 1337\nevent: tick\nretry: 50\ndata: 1337\n\n', 'id: 1338\nevent: tick\nretry: 50\ndata: 1338\n\n'],
    events: [{ id: '1337', event: 'tick', data: '1337' }, { id: '1338', event: 'tick', data: '1338' }],
    retries: [50, 50],
  },
  {
    name: 'stream of "heartbeat" comments, unnamed events (events only: comments are not reported)',
    source: test,
    feed: 'text',
    chunks: [65, 66, 67, 68, 69].flatMap((code) => [': ♥\n\n', `data: ${String.fromCharCode(code)}\n\n`]).concat(DONE),
    events: ['A', 'B', 'C', 'D', 'E'].map((data) => ({ data })).concat({ event: 'done', data: '✔' } as never),
  },
  {
    name: 'stream of multi-line data events',
    source: test,
    feed: 'text',
    chunks: ['event: stock\n', 'data: YHOO\n', 'data: +2\n', 'data: 10\n\n', 'event: stock\n', 'data: GOOG\n', 'data: -8\n', 'data: 1881\n\n', DONE],
    events: [{ event: 'stock', data: 'YHOO\n+2\n10', id: '' }, { event: 'stock', data: 'GOOG\n-8\n1881', id: '' }, { event: 'done' }],
  },
  {
    name: 'stream of multi-byte events (abridged: four of the fixture’s lines)',
    source: test,
    feed: 'text',
    chunks: multibyte
      .flatMap((line, i) => (i % 2 === 0 ? [`id: ${i}\n`, `data:${line.slice(0, 5)}\n`, `data:${line.slice(5)}\n\n`] : [`id: ${i}\n`, `data:${line}\n\n`]))
      .concat(DONE),
    events: multibyte
      .map((line, i) => ({ id: String(i), data: i % 2 === 0 ? `${line.slice(0, 5)}\n${line.slice(5)}` : line }))
      .concat({ event: 'done', data: '✔' } as never),
  },
  {
    name: 'stream of multi-byte events with some empty lines thrown in',
    source: test,
    feed: 'text',
    chunks: ['\n\n\n\nid: 1\ndata: 我現在都看實況不玩遊戲\n\n', DONE],
    events: [{ data: '我現在都看實況不玩遊戲' }, { event: 'done' }],
  },
  {
    name: 'stream containing (invalid?) byte-order mark (multiple places)',
    source: test,
    feed: 'text',
    chunks: ['\uFEFFdata: bomful 1\n\n', '\uFEFFdata: bomful 2\n\n', 'data: bomless 3\n\n', DONE],
    events: [{ data: 'bomless 3' }, { event: 'done' }],
  },
  {
    name: 'stream using carriage returns',
    source: test,
    feed: 'text',
    chunks: ['data: dog\r', 'data: bark\r\r', 'data: cat\r', 'data: meow\r\r', DONE],
    events: [{ data: 'dog\nbark' }, { data: 'cat\nmeow' }, { event: 'done' }],
  },
  {
    name: 'stream using line feeds',
    source: test,
    feed: 'text',
    chunks: ['data: cow\n', 'data: moo\n\n', 'data: horse\n', 'data: neigh\n\n', DONE],
    events: [{ data: 'cow\nmoo' }, { data: 'horse\nneigh' }, { event: 'done' }],
  },
  {
    name: 'stream using carriage returns and line feeds',
    source: test,
    feed: 'text',
    chunks: ['data: sheep\r\n', 'data: bleat\r\n\r\n', 'data: pig\r\n', 'data: oink\r\n\r\n', DONE],
    events: [{ data: 'sheep\nbleat' }, { data: 'pig\noink' }, { event: 'done' }],
  },
  {
    name: 'stream with varying odd uses of comments',
    source: test,
    feed: 'text',
    chunks: [
      ': Hello\n\n', ':'.repeat(300), '\n', 'data: First\n\n', ': Первый', ': 第二', '\n', 'data: Second\n\n',
      ...Array.from({ length: 10 }, () => ': Moop \n'), ': ثالث', '\n', 'data: Third\n\n', ':നാലാമത്തെ', '\n',
      'data: Fourth\n\n', `: ${EMOJIS.join(' ')} :`, '\n', 'data: Fifth\n\n', DONE,
    ],
    events: ['First', 'Second', 'Third', 'Fourth', 'Fifth', '✔'].map((data) => ({ data })),
  },
  {
    name: 'stream with even more odd uses of comments (the last message has no newline, thus not emitted)',
    source: test,
    feed: 'text',
    chunks: ['data:1\r\r:\0\n:\r\ndata:2\n\n:', long, '\rdata:3\n\n:data:fail\r:', long, '\ndata:4\n\n', 'data:5'],
    events: [{ data: '1' }, { data: '2' }, { data: '3' }, { data: '4' }],
  },
  {
    name: 'stream with empty `event` field',
    source: test,
    feed: 'text',
    chunks: ['event:\ndata: Hello 1\n\n', 'event:\n\n', DONE],
    events: [{ data: 'Hello 1', event: 'message' }, { data: '✔', event: 'done' }],
  },
  {
    name: 'stream with empty `retry` field',
    source: test,
    feed: 'text',
    chunks: ['id: 1\nretry: 500\ndata: 🥌\n\n', 'id:2\nretry:\ndata:🧹\n\n', 'id: 3\ndata: ✅\n\n'],
    events: [{ data: '🥌', event: 'message', id: '1' }, { data: '🧹', id: '2' }, { data: '✅', id: '3' }],
    retries: [500],
  },
  {
    name: 'stream with oddly shaped data field',
    source: test,
    feed: 'text',
    chunks: ['data:\n\ndata\ndata\n\ndata:test\n\n', DONE],
    events: [{ data: '' }, { data: '\n' }, { data: 'test' }, { event: 'done' }],
  },
  {
    name: 'stream with cr separating chunks of same event',
    source: test,
    feed: 'text',
    chunks: ['data: A\r\n', 'data: B\r', '\n', 'data: C\r\n', '\n'],
    events: [{ data: 'A\nB\nC' }],
  },
  {
    name: 'stream with partially incorrect retry fields',
    source: test,
    feed: 'text',
    chunks: ['retry:1000\nretry:2000x\ndata:x\n\n'],
    events: [{ data: 'x', event: 'message' }],
    retries: [1000],
  },
  {
    name: 'stream with `id` field containing a NULL character',
    source: test,
    feed: 'text',
    chunks: ['id: 123\nid: bad\0id\ndata: hello\n\n'],
    events: [{ id: '123', event: 'message', data: 'hello' }],
  },
  {
    name: 'stream with incorrect retry fields (retry in a block of its own)',
    source: test,
    feed: 'text',
    chunks: ['\nretry: 500\n\ndata: first\n\nretry: 50x\n\ndata: second\n\n'],
    events: [{ data: 'first', event: 'message' }, { data: 'second', event: 'message' }],
    retries: [500],
  },
  {
    name: 'stream with unknown fields in the stream',
    source: test,
    feed: 'text',
    chunks: ['data:abc\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:123\n\n', DONE],
    events: [{ event: 'message', data: 'abc\n\n123' }, { event: 'done' }],
  },
  {
    name: 'stream with huge data chunks (adapted: ~10 MB of multi-line, multi-byte data in one event)',
    source: test,
    feed: 'text',
    chunks: [': hello\n\n', ...Array.from({ length: hugeCount }, () => hugeChunk), '\n\n', ': END-OF-STREAM\n\n', DONE],
    events: [{ data: Array.from({ length: hugeCount }, () => hugeChunk.slice(6, -1).replace(/\ndata: /g, '\n')).join('\n') }, { event: 'done' }],
  },
  {
    name: 'maxBufferSize: triggers on pending fragment overflow (no terminator) — as maxEventSize',
    source: test,
    feed: 'text',
    maxEventSize: 16,
    chunks: ['short start', ' and now too long'],
    events: [],
    fails: true,
  },
  {
    name: 'maxBufferSize: triggers on data buffer overflow (no blank line) — as maxEventSize',
    source: test,
    feed: 'text',
    maxEventSize: 32,
    chunks: Array.from({ length: 50 }, (_, i) => `data: chunk-${i}\n`),
    events: [],
    fails: true,
  },
  {
    name: 'maxBufferSize: not triggered when events dispatch within the limit — as maxEventSize',
    source: test,
    feed: 'text',
    maxEventSize: 64,
    chunks: Array.from({ length: 100 }, (_, i) => `data: ${i}\n\n`),
    events: Array.from({ length: 100 }, (_, i) => ({ data: String(i) })),
  },
  {
    name: 'maxBufferSize: undefined option means unbounded (here: the 8 Mi default holds a 1 MB line)',
    source: test,
    feed: 'text',
    chunks: ['x'.repeat(1_000_000)],
    events: [],
  },
];

export const eventsourceParserNotApplicable: NotApplicable[] = [
  ...['stream of leading bom', 'stream containing byte-order mark (multiple places)'].map((name) => ({
    name,
    source: test,
    why: 'feeds the BOM’s three bytes as Latin-1 characters (U+00EF U+00BB U+00BF), which only a wrong decoder produces; SSEParser reads decoded text and EventStream decodes with TextDecoder, which strips a real BOM (see WPT format-bom)',
  })),
  ...[
    'skips onError when the stream is invalid but not newline-terminated (through `reset()`)',
    'skips onError when the stream is invalid but not newline-terminated (through `reset()` with `consume: false`)',
    'calls onError when the stream is invalid but not newline-terminated (through `reset() with `consume: true`)',
    'calls onError when the stream is invalid (through newline)',
    'calls onError when the stream is invalid (no field separator)',
    'maxBufferSize: feed throws after overflow, until reset',
  ].map((name) => ({ name, source: test, why: 'tests reset() and the onError callback for unknown fields, which SSEParser does not have (it ignores unknown fields, as the spec says)' })),
  { name: 'passing a function to `createParser` will throw with helpful error', source: test, why: 'about createParser’s argument checking' },
  ...['can use `EventSourceParserStream`', 'maxBufferSize: terminates the stream when onError is `terminate`', 'maxBufferSize: invokes custom onError function and errors the stream'].map(
    (name) => ({ name, source: `${AT}/stream.test.ts`, why: 'about its TransformStream wrapper' }),
  ),
];
