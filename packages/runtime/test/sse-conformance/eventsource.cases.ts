import type { ConformanceCase, NotApplicable } from './adapter.js';

/**
 * The `eventsource` package's fixture streams (MIT, the EventSource GitHub organisation): what each endpoint of its
 * test server (`test/server.ts`) writes, as bytes, and the events its tests (`test/tests.ts`) expect from them.
 * Read at 4.1.1.
 */
const AT = 'https://github.com/EventSource/eventsource/blob/v4.1.1/test';
const server = `${AT}/server.ts`;
const utf8 = (text: string) => new TextEncoder().encode(text);

export const eventsourceCases: ConformanceCase[] = [
  {
    name: '/ (writeDefault): a welcome event, then a bare comment line',
    source: server,
    chunks: ['event: welcome\ndata: Hello, world!\n\n', ':\n'],
    events: [{ event: 'welcome', data: 'Hello, world!' }],
  },
  {
    name: '/counter: retry in a block of its own, then three events with ids',
    source: server,
    chunks: ['retry: 50\n\n', 'event: counter\nid: 1\ndata: Counter is at 1\n\n', 'event: counter\nid: 2\ndata: Counter is at 2\n\n', 'event: counter\nid: 3\ndata: Counter is at 3\n\n'],
    events: [1, 2, 3].map((n) => ({ event: 'counter', id: String(n), data: `Counter is at ${n}` })),
    retries: [50],
  },
  {
    name: '/counter?event= : the same with no event name (message events)',
    source: server,
    chunks: ['retry: 50\n\n', 'id: 4\ndata: Counter is at 4\n\n', 'id: 5\ndata: Counter is at 5\n\n', 'id: 6\ndata: Counter is at 6\n\n'],
    events: [4, 5, 6].map((n) => ({ event: 'message', id: String(n), data: `Counter is at ${n}` })),
    retries: [50],
  },
  {
    name: '/identified: retry in a block of its own, then the connect count',
    source: server,
    chunks: ['retry: 250\n\n', 'data: 1\n\n'],
    events: [{ event: 'message', data: '1' }],
    retries: [250],
  },
  {
    name: '/end-after-one: retry, then one progress event with an id',
    source: server,
    chunks: ['retry: 50\n\n', 'event: progress\nid: prct-100\ndata: 100%\n\n'],
    events: [{ event: 'progress', data: '100%', id: 'prct-100' }],
    retries: [50],
  },
  {
    name: '/slow-connect: one welcome event',
    source: server,
    chunks: ['event: welcome\ndata: That was a slow connect, was it not?\n\n'],
    events: [{ event: 'welcome', data: 'That was a slow connect, was it not?' }],
  },
  {
    name: '/stalled: a welcome event with an id, then silence',
    source: server,
    chunks: ['id: 1\nevent: welcome\ndata: Connected - now I will sleep for "too long" without sending data\n\n'],
    events: [{ event: 'welcome', id: '1', data: 'Connected - now I will sleep for "too long" without sending data' }],
  },
  {
    name: '/unicode: a character split across chunks inside an event',
    source: server,
    chunks: [
      'event: welcome\ndata: Connected - I will now send some chonks (cuter chunks) with unicode\n\n',
      'event: unicode\ndata: 🦄 are cool. 🐾 in the snow. Allyson Felix, 🏃🏽‍♀️ 🥇 2012 London!\n\n',
      'event: unicode\ndata: ',
      new Uint8Array([69, 115, 112, 101, 110, 32, 226, 153]),
      new Uint8Array([165, 32, 75, 111, 107, 111, 115]),
      '\n\n\n\n',
      'event: disconnect\ndata: Thanks for listening\n\n',
    ],
    events: [
      { event: 'welcome' },
      { event: 'unicode', data: '🦄 are cool. 🐾 in the snow. Allyson Felix, 🏃🏽‍♀️ 🥇 2012 London!' },
      { event: 'unicode', data: 'Espen ♥ Kokos' },
      { event: 'disconnect', data: 'Thanks for listening' },
    ],
  },
  {
    name: '/redirect-target: retry and data in one block, then comments',
    source: server,
    chunks: ['retry: 25\ndata: {"origin":"http://127.0.0.1","redirects":1,"auth":null}\n\n', ...Array.from({ length: 20 }, () => ':\n')],
    events: [{ event: 'message', data: '{"origin":"http://127.0.0.1","redirects":1,"auth":null}' }],
    retries: [25],
  },
  {
    name: '/trickle: a welcome event, 60 keep-alive comments, a disconnect event',
    source: server,
    chunks: ['event: welcome\ndata: Connected - now I will keep sending "comments" for a while\n\n', ...Array.from({ length: 60 }, () => ':\n'), 'event: disconnect\ndata: Thanks for listening\n\n'],
    events: [{ event: 'welcome' }, { event: 'disconnect', data: 'Thanks for listening' }],
  },
  {
    name: '/cors: an origin event',
    source: server,
    chunks: ['event: origin\ndata: http://localhost:3945\n\n'],
    events: [{ event: 'origin', data: 'http://localhost:3945' }],
  },
  {
    name: '/debug: one event carrying JSON',
    source: server,
    chunks: [utf8('event: debug\ndata: {"method":"POST","headers":{"x-foo":"bar"},"bodyHash":"e3b0"}\n\n')],
    events: [{ event: 'debug', data: '{"method":"POST","headers":{"x-foo":"bar"},"bodyHash":"e3b0"}' }],
  },
  {
    name: '/authed: one authInfo event',
    source: server,
    chunks: ['event: authInfo\ndata: {"cookies":"someSession=someValue"}\n\n'],
    events: [{ event: 'authInfo', data: '{"cookies":"someSession=someValue"}' }],
  },
];

export const eventsourceNotApplicable: NotApplicable[] = [
  {
    name: 'the EventSource object’s own tests (connect, reconnect with Last-Event-ID, redirects, CORS, readyState, close(), fetch override, constants)',
    source: `${AT}/tests.ts`,
    why: 'they test the EventSource client (reconnection, the DOM event interface), not the parser; the streams those tests read are the fixtures above',
  },
];
