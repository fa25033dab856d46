import { describe, expect, it } from 'vitest';
import { StreamParseError } from '../src/index.js';
import { SSEParser } from '../src/sse.js';
import { RICH_EVENTS, RICH_STREAM, parseBytes, parseText, utf8 } from './helpers/sse.js';

const one = (data: string, extra: Partial<{ event: string; id: string; retry: number }> = {}) => ({
  event: 'message',
  data,
  id: '',
  retry: undefined,
  ...extra,
});

describe('SSEParser: the SSE specification, case by case', () => {
  it('dispatches an event on a blank line, named "message" when it has no event field', () => {
    expect(parseText(['data: hello\n\n'])).toEqual([one('hello')]);
    expect(parseText(['event: delta\ndata: {}\n\n'])).toEqual([one('{}', { event: 'delta' })]);
  });

  it('joins multi-line data with \\n', () => {
    expect(parseText(['data: a\ndata: b\ndata: c\n\n'])).toEqual([one('a\nb\nc')]);
  });

  it('ignores comments, wherever they are', () => {
    expect(parseText([': keep-alive\n\n'])).toEqual([]);
    expect(parseText([':\n: x\ndata: a\n: in between\ndata: b\n\n'])).toEqual([one('a\nb')]);
  });

  it('accepts \\n, \\r\\n and \\r line endings, mixed', () => {
    expect(parseText(['data: a\r\n\r\n', 'data: b\r\r', 'data: c\n\n', 'data: d\r\ndata: e\rdata: f\n\r\n'])).toEqual([
      one('a'),
      one('b'),
      one('c'),
      one('d\ne\nf'),
    ]);
  });

  it('treats \\r at the end of one chunk and \\n at the start of the next as one line ending', () => {
    expect(parseText(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([one('a\nb')]);
  });

  it('keeps \\r + \\n together across an empty chunk in between', () => {
    expect(parseText(['data: a\r', '', '\ndata: b\n\n'])).toEqual([one('a\nb')]);
  });

  it('dispatches an empty data line as an event with empty data', () => {
    expect(parseText(['data:\n\n'])).toEqual([one('')]);
    expect(parseText(['data: \n\n'])).toEqual([one('')]);
    expect(parseText(['data:\ndata:\n\n'])).toEqual([one('\n')]);
  });

  it('reads a field without a colon as that field with an empty value ("data" alone is empty data)', () => {
    expect(parseText(['data\n\n'])).toEqual([one('')]);
    expect(parseText(['data\ndata: x\n\n'])).toEqual([one('\nx')]);
    expect(parseText(['event\ndata: x\n\n'])).toEqual([one('x')]);
  });

  it('removes exactly one space after the colon, and none when there is none', () => {
    expect(parseText(['data:x\n\n'])).toEqual([one('x')]);
    expect(parseText(['data:  x\n\n'])).toEqual([one(' x')]);
    expect(parseText(['data: a: b :c\n\n'])).toEqual([one('a: b :c')]);
    expect(parseText(['event:delta\ndata:1\n\n'])).toEqual([one('1', { event: 'delta' })]);
  });

  it('does not dispatch an event without data, and its event name does not stick to the next one', () => {
    expect(parseText(['event: ping\n\n'])).toEqual([]);
    expect(parseText(['event: ping\nretry: 10\n\ndata: x\n\n'])).toEqual([one('x')]);
  });

  it('keeps the last event id across events, even from an event that was not dispatched', () => {
    expect(parseText(['id: 7\ndata: a\n\ndata: b\n\nid: 8\n\ndata: c\n\nid\ndata: d\n\n'])).toEqual([
      one('a', { id: '7' }),
      one('b', { id: '7' }),
      one('c', { id: '8' }),
      one('d', { id: '' }),
    ]);
  });

  it('keeps the id across one-line events whose data ends like a field name', () => {
    expect(parseText(['id: 7\ndata: a\n\ndata: kid\n\ndata: b\n\n'])).toEqual([
      one('a', { id: '7' }),
      one('kid', { id: '7' }),
      one('b', { id: '7' }),
    ]);
  });

  it('ignores an id that contains NUL', () => {
    expect(parseText(['id: 1\n\nid: a\0b\ndata: x\n\n'])).toEqual([one('x', { id: '1' })]);
  });

  it('takes retry only as ASCII digits, on the event that carried it', () => {
    expect(parseText(['retry: 2500\ndata: a\n\ndata: b\n\n'])).toEqual([one('a', { retry: 2500 }), one('b')]);
    for (const junk of ['1.5', '12a', '-1', '', ' 5', '٣']) {
      expect(parseText([`retry: ${junk}\ndata: x\n\n`])).toEqual([one('x')]);
    }
  });

  it('ignores unknown fields, and field names are case-sensitive', () => {
    expect(parseText(['foo: bar\nData: no\nEVENT: no\ndata: yes\n\n'])).toEqual([one('yes')]);
  });

  // `event` and `data` lines are recognised character by character on the common path: a name that differs from them
  // anywhere, or goes on after them, is an unknown field there too.
  it.each(['xvent', 'exent', 'evxnt', 'evext', 'evenx', 'eventx', 'xata', 'dxta', 'daxa', 'datx', 'datax'])(
    'reads a field named %s as an unknown field, not as event or data',
    (name) => {
      expect(parseText([`${name}: v\ndata: ok\n\n`])).toEqual([one('ok')]);
      expect(parseText([`${name}: v\n\ndata: ok\n\n`])).toEqual([one('ok')]);
      expect(parseText([`data: a\n\n${name}: v\n\nevent: e\n${name}: v\ndata: b\n\n`])).toEqual([one('a'), one('b', { event: 'e' })]);
    },
  );

  // The same names right after an event line whose last characters are the ones `event:` or `data:` has where the
  // name differs: a parser that looked at the wrong place would take them for the field.
  it.each([
    ['evxnt', 'te'],
    ['evext', 'nx'],
    ['evenx', 'txx'],
    ['eventx', ':xxx'],
    ['daxa', 'xt'],
    ['datx', 'ax'],
    ['datax', ':xx'],
  ])('reads %s as an unknown field whatever the line before ends with (%j)', (name, end) => {
    expect(parseText([`event: ${end}\n${name}: v\ndata: ok\n\n`])).toEqual([one('ok', { event: end })]);
    expect(parseText([`event: ${end}\n${name}: v\n\ndata: ok\n\n`])).toEqual([one('ok')]);
  });

  it('removes the space after the colon by looking at the character after the colon, whatever the line before ends with', () => {
    expect(parseText(['event: x abcd\nevent:name\ndata:xyz\n\n'])).toEqual([one('xyz', { event: 'name' })]);
    expect(parseText(['event: x abc\ndata:xyz\n\n'])).toEqual([one('xyz', { event: 'x abc' })]);
  });

  it('does not dispatch anything for runs of blank lines', () => {
    expect(parseText(['\n\n\r\n\r\r\n'])).toEqual([]);
  });

  // The specification: "If the file ends in the middle of an event, before the final empty line, the
  // incomplete event is not dispatched." (issue 12, finding 15)
  it('discards an incomplete last event at the end of the stream: no trailing blank line, or no line ending', () => {
    expect(parseText(['data: last\n'])).toEqual([]);
    expect(parseText(['data: last'])).toEqual([]);
    expect(parseText(['data: a\n\ndata: last\r'])).toEqual([one('a')]);
    expect(parseText(['data: a\n\nevent: done\ndata: {}'])).toEqual([one('a')]);
    expect(parseText(['event: done'])).toEqual([]);
  });

  it('is ready for a new stream after end(): nothing of the discarded event leaks into the next one', () => {
    const events: unknown[] = [];
    const parser = new SSEParser((event) => events.push(event));
    parser.feed('event: half\nretry: 5\ndata: cut');
    parser.end();
    parser.feed('data: whole\n\n');
    expect(events).toEqual([one('whole')]);
  });

  // The specification sets the reconnection time when the retry line is read, whether or not an
  // event follows; servers usually send it in a block of its own (issue 12, finding 15).
  it('reports retry through onRetry as soon as the line is read, also in a block of its own', () => {
    const retries: number[] = [];
    const events: unknown[] = [];
    const parser = new SSEParser((event) => events.push(event), { onRetry: (ms) => retries.push(ms) });
    parser.feed('retry: 3000\n');
    expect(retries).toEqual([3000]);
    parser.feed('\nretry: 12x\n\nretry:250\ndata: a\n\n');
    expect(retries).toEqual([3000, 250]);
    expect(events).toEqual([one('a', { retry: 250 })]);
  });

  describe('maxEventSize (issue 12, finding 6)', () => {
    const limited = (max: number) => {
      const events: string[] = [];
      const parser = new SSEParser((event) => events.push(event.data), { maxEventSize: max });
      return { parser, events };
    };

    it('a line that never ends throws StreamParseError once it passes the limit, in one chunk or many', () => {
      const { parser } = limited(100);
      parser.feed('data: ' + 'x'.repeat(90));
      expect(() => parser.feed('x'.repeat(20))).toThrow(StreamParseError);
      const { parser: whole } = limited(100);
      expect(() => whole.feed('data: ' + 'x'.repeat(200))).toThrow(/larger than the limit of 100 characters/);
    });

    it('data lines without a blank line throw once the event passes the limit', () => {
      const { parser, events } = limited(100);
      expect(() => {
        for (let i = 0; i < 50; i++) parser.feed(`data: ${'y'.repeat(9)}\n`);
      }).toThrow(StreamParseError);
      expect(events).toEqual([]);
    });

    it('events within the limit pass, however many; the events before an oversized one are handed out', () => {
      const { parser, events } = limited(100);
      for (let i = 0; i < 1000; i++) parser.feed(`data: ${'z'.repeat(90)}\n\n`);
      expect(events).toHaveLength(1000);
      expect(() => parser.feed('data: ok\n\ndata: ' + 'w'.repeat(200))).toThrow(StreamParseError);
      expect(events).toHaveLength(1001);
    });

    it('counts the unfinished line and the data so far, and throws only past the limit, not at it', () => {
      const line = limited(10);
      line.parser.feed('data: 1234');
      expect(() => line.parser.feed('5')).toThrow(StreamParseError);
      const lines = limited(10);
      lines.parser.feed('data: 12345\ndata: 6789\n');
      expect(() => lines.parser.feed('data: x\n')).toThrow(StreamParseError);
      const both = limited(10);
      both.parser.feed('data: 12\n');
      both.parser.feed('data: 12');
      expect(() => both.parser.feed('3')).toThrow(StreamParseError);
      // At the limit exactly, the event goes through.
      const exact = limited(10);
      exact.parser.feed('data: 12\ndata: 12');
      exact.parser.feed('\n\n');
      expect(exact.events).toEqual(['12\n12']);
    });

    it('counts only the unfinished line, not the events of the chunk before it', () => {
      const { parser, events } = limited(20);
      parser.feed('data: 1\n\n'.repeat(5) + 'data: 2');
      parser.feed('\n\n');
      expect(events).toEqual(['1', '1', '1', '1', '1', '2']);
    });

    it('forgets the data of an event once it is dispatched or the stream ends', () => {
      const dispatched = limited(20);
      dispatched.parser.feed('data: 123456789\ndata: 123456789\n\n');
      dispatched.parser.feed('data: abcdefgh');
      dispatched.parser.feed('\n\n');
      expect(dispatched.events).toEqual(['123456789\n123456789', 'abcdefgh']);
      const ended = limited(20);
      ended.parser.feed('data: 123456789\ndata: 12345678\n');
      ended.parser.end();
      ended.parser.feed('data: abcdefgh');
      ended.parser.feed('\n\n');
      expect(ended.events).toEqual(['abcdefgh']);
    });

    it('rejects a limit that is not a positive number', () => {
      expect(() => new SSEParser(() => undefined, { maxEventSize: -1 })).toThrow('maxEventSize must be a number above 0');
      expect(() => new SSEParser(() => undefined, { maxEventSize: 0 })).toThrow(RangeError);
      expect(() => new SSEParser(() => undefined, { maxEventSize: Number.NaN })).toThrow(RangeError);
    });
  });

  it('passes non-ASCII text through untouched', () => {
    expect(parseText(['event: 消息\ndata: 你好 😀 👍🏽\n\n'])).toEqual([one('你好 😀 👍🏽', { event: '消息' })]);
  });

  // The parser reads decoded text; stripping a leading byte order mark is the decoder's job, as in
  // the specification's "UTF-8 decode". EventStream decodes with TextDecoder, which strips it.
  it('leaves a BOM in decoded text alone (the first field name is then unknown), while the decoder strips it', () => {
    expect(parseText(['\uFEFFdata: x\n\ndata: y\n\n'])).toEqual([one('y')]);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const body = utf8('data: x\n\ndata: y\n\n');
    expect(parseBytes([bom, body])).toEqual([one('x'), one('y')]);
    // Split inside the BOM itself.
    expect(parseBytes([bom.subarray(0, 1), bom.subarray(1, 2), new Uint8Array([0xbf, ...body])])).toEqual([one('x'), one('y')]);
    // Only a leading BOM is a BOM.
    expect(parseBytes([body, bom, utf8('data: z\n\n')])).toEqual([one('x'), one('y')]);
  });

  it('parses the rich stream whole', () => {
    expect(parseText([RICH_STREAM])).toEqual(RICH_EVENTS);
    expect(parseBytes([utf8(RICH_STREAM)])).toEqual(RICH_EVENTS);
  });

  it('hands out events in stream order, whether they take the one-line fast path or not', () => {
    const stream = 'event: a\ndata: 1\n\ndata: 2\ndata: 3\n\nretry: 5\ndata: 4\n\nid: x\nevent: b\ndata: 5\n\ndata: 6\n\n';
    const expected = [
      one('1', { event: 'a' }),
      one('2\n3'),
      one('4', { retry: 5 }),
      one('5', { event: 'b', id: 'x' }),
      one('6', { id: 'x' }),
    ];
    expect(parseText([stream])).toEqual(expected);
    expect(parseText(stream.split(/(?<=\n\n)/))).toEqual(expected);
  });

  it('lets its callback feed it again: each event is handed out with the parser ready for more', () => {
    const seen: string[] = [];
    const parser = new SSEParser((event) => {
      seen.push(event.data);
      if (event.data === 'outer') parser.feed('data: inner\n\n');
    });
    parser.feed('event: x\ndata: outer\n\n');
    parser.end();
    expect(seen).toEqual(['outer', 'inner']);
  });

  describe('callbacks that throw, feed or end: the same events whatever path a line takes', () => {
    // With \n endings the common lines take scanLines (events read ahead of the callbacks); with \r\n every line
    // takes the general path (an event handed out as its blank line is read). Both must hand out the same.
    const endings = [
      ['\n', (text: string) => text],
      ['\r\n', (text: string) => text.replace(/\n/g, '\r\n')],
    ] as const;

    it.each(endings)('a callback that throws (%j): feed throws it, the rest of the chunk is dropped, the parser starts over', (_, lines) => {
      const seen: string[] = [];
      const boom = new Error('callback failed');
      const parser = new SSEParser(({ event, data }) => {
        seen.push(`${event}:${data}`);
        if (data === '2') throw boom;
      });
      expect(() => parser.feed(lines('data: 1\n\nevent: b\ndata: 2\n\nevent: c\ndata: 3\n\nevent: d\ndata: cut'))).toThrow(boom);
      expect(seen).toEqual(['message:1', 'b:2']);
      // Nothing of the dropped rest (the name d, the cut line) reaches the next event.
      parser.feed(lines('data: 4\n\n'));
      expect(seen).toEqual(['message:1', 'b:2', 'message:4']);
    });

    it.each(endings)('feed() from a callback (%j) continues the stream after the chunk being parsed', (_, lines) => {
      const seen: string[] = [];
      const parser = new SSEParser(({ event, data }) => {
        seen.push(`${event}:${data}`);
        if (data === 'x') parser.feed(lines('data: z\n\n'));
        if (data === 'z') parser.feed(lines('data: last\n\n'));
      });
      // The event line after x names the event fed from x's callback, as it would in the stream.
      parser.feed(lines('data: x\n\ndata: y\n\nevent: b\n'));
      expect(seen).toEqual(['message:x', 'message:y', 'b:z', 'message:last']);
    });

    it.each(endings)('end() from a callback (%j) ends the stream after the chunk being parsed', (_, lines) => {
      const seen: string[] = [];
      const parser = new SSEParser(({ event, data }) => {
        seen.push(`${event}:${data}`);
        if (data === '1') parser.end();
      });
      parser.feed(lines('data: 1\n\nevent: b\ndata: 2\n\ndata: cut'));
      parser.feed(lines('\n\n'));
      expect(seen).toEqual(['message:1', 'b:2']);
    });

    it('a feed() and end() from callbacks take effect in the order they were called', () => {
      const seen: string[] = [];
      const parser = new SSEParser(({ data }) => {
        seen.push(data);
        if (data === 'a') {
          parser.feed('data: b\n\ndata: half');
          parser.end();
          parser.feed('data: c\n\n');
        }
      });
      parser.feed('data: a\n\n');
      expect(seen).toEqual(['a', 'b', 'c']);
    });

    it('an error from onRetry stops the parse the same way', () => {
      const seen: string[] = [];
      const parser = new SSEParser(({ event, data }) => seen.push(`${event}:${data}`), {
        onRetry: () => {
          throw new RangeError('no retry');
        },
      });
      expect(() => parser.feed('data: 1\n\nevent: b\nretry: 5\ndata: 2\n\n')).toThrow(RangeError);
      // The name b was read before the error: it does not stick to the next event.
      parser.feed('data: 3\n\n');
      expect(seen).toEqual(['message:1', 'message:3']);
    });
  });

  it('handles a long stream of deltas in one chunk and in one-byte chunks alike', () => {
    const count = 500;
    let text = '';
    for (let i = 0; i < count; i++) text += `event: delta\ndata: {"i":${i},"t":"字${i}"}\n\n`;
    const bytes = utf8(text);
    const whole = parseBytes([bytes]);
    expect(whole).toHaveLength(count);
    expect(whole[count - 1]).toEqual(one(`{"i":${count - 1},"t":"字${count - 1}"}`, { event: 'delta' }));
    const byteByByte = parseBytes(Array.from(bytes, (byte) => new Uint8Array([byte])));
    expect(byteByByte).toEqual(whole);
  });
});
