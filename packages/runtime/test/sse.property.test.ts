import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventStream, type ServerSentEvent } from '../src/index.js';
import { RICH_EVENTS, RICH_STREAM, cutAt, cutTextAt, parseBytes, parseText, utf8 } from './helpers/sse.js';

/**
 * A model of an event stream: lines in blocks, each block ended by a blank line. The expected
 * events are computed from the model (not by the parser), then the serialized stream is fed to the
 * parser whole, split at every byte offset, and split into random partitions.
 */
type Line =
  | { kind: 'data'; value: string; colon: 'space' | 'tight' | 'none' }
  | { kind: 'event'; value: string }
  | { kind: 'id'; value: string }
  | { kind: 'retry'; value: string }
  | { kind: 'comment'; text: string }
  | { kind: 'unknown'; name: string; value: string };

interface Model {
  blocks: Line[][];
  /** Line endings, used in turn. */
  endings: Array<'\n' | '\r\n' | '\r'>;
  /** Leave out the blank line after the last block. */
  openEnd: boolean;
  /** Also leave out the last line's ending. */
  bareEnd: boolean;
  bom: boolean;
}

const text = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'z', '0', '7', ' ', ':', '{', '}', '"', ',', '\t') },
    { weight: 2, arbitrary: fc.constantFrom('你', '好', '世', '界', '，', 'é') },
    { weight: 2, arbitrary: fc.constantFrom('😀', '👍🏽', '🇨🇳', '𝄞') },
    { weight: 1, arbitrary: fc.constant('\0') },
  ),
  maxLength: 12,
});

const line: fc.Arbitrary<Line> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('data' as const), value: text, colon: fc.constantFrom('space' as const, 'tight' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('data' as const), value: fc.constant(''), colon: fc.constant('none' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('event' as const), value: text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('id' as const), value: text }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retry' as const),
      value: fc.oneof(fc.integer({ min: 0, max: 100_000 }).map(String), fc.constantFrom('1.5', '12a', '', ' 5', '-3')),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('comment' as const), text }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('unknown' as const), name: fc.constantFrom('foo', 'Data', 'EVENT', 'ids', 'retry2'), value: text }),
  },
);

const model: fc.Arbitrary<Model> = fc.record({
  blocks: fc.array(fc.array(line, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
  endings: fc.array(fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const), { minLength: 1, maxLength: 8 }),
  openEnd: fc.boolean(),
  bareEnd: fc.boolean(),
  bom: fc.boolean(),
});

function render(l: Line): string {
  switch (l.kind) {
    case 'data':
      return l.colon === 'none' ? 'data' : l.colon === 'tight' ? `data:${l.value}` : `data: ${l.value}`;
    case 'comment':
      return `:${l.text}`;
    case 'unknown':
      return `${l.name}: ${l.value}`;
    default:
      return `${l.kind}: ${l.value}`;
  }
}

function serialize(m: Model): string {
  const lines: string[] = [];
  m.blocks.forEach((block, index) => {
    for (const l of block) lines.push(render(l));
    if (!(m.openEnd && index === m.blocks.length - 1)) lines.push('');
  });
  let out = '';
  let previous = '';
  lines.forEach((l, i) => {
    let ending: string = m.endings[i % m.endings.length]!;
    // "\r" then an empty line ended by "\n" would read as one "\r\n": make that blank line "\r\n".
    if (previous === '\r' && l === '' && ending === '\n') ending = '\r\n';
    if (m.bareEnd && i === lines.length - 1 && l !== '') ending = '';
    out += l + ending;
    previous = ending;
  });
  return out;
}

/** The events the model stands for, by the specification (an open last block is incomplete: not dispatched). */
function expectedEvents(m: Model): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  let lastId = '';
  m.blocks.forEach((block, index) => {
    if (m.openEnd && index === m.blocks.length - 1) return;
    let data: string[] | undefined;
    let type = '';
    let retry: number | undefined;
    for (const l of block) {
      if (l.kind === 'data') {
        const value = l.colon === 'tight' && l.value.startsWith(' ') ? l.value.slice(1) : l.value;
        (data ??= []).push(value);
      } else if (l.kind === 'event') type = l.value;
      else if (l.kind === 'id' && !l.value.includes('\0')) lastId = l.value;
      else if (l.kind === 'retry' && /^[0-9]+$/.test(l.value)) retry = Number(l.value);
    }
    if (data) events.push({ event: type || 'message', data: data.join('\n'), id: lastId, retry });
  });
  return events;
}

function bytesOf(m: Model): Uint8Array {
  const body = utf8(serialize(m));
  return m.bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...body]) : body;
}

describe('SSEParser (property): the same stream, however it is split, gives the same events', () => {
  it('the rich stream split at every byte offset (2 chunks), and at every pair of offsets (3 chunks)', () => {
    const bytes = utf8(RICH_STREAM);
    for (let i = 0; i <= bytes.length; i++) {
      expect(parseBytes(cutAt(bytes, [i])), `split at ${i}`).toEqual(RICH_EVENTS);
    }
    for (let i = 0; i <= bytes.length; i += 3) {
      for (let j = i; j <= bytes.length; j++) {
        expect(parseBytes(cutAt(bytes, [i, j])), `split at ${i} and ${j}`).toEqual(RICH_EVENTS);
      }
    }
  });

  it('generated streams match their model, fed whole and split at every byte offset', () => {
    fc.assert(
      fc.property(model, (m) => {
        const expected = expectedEvents(m);
        const bytes = bytesOf(m);
        expect(parseBytes([bytes])).toEqual(expected);
        for (let i = 0; i <= bytes.length; i++) expect(parseBytes(cutAt(bytes, [i]))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('generated streams match their model in random multi-split partitions, empty chunks and one-byte chunks included', () => {
    fc.assert(
      fc.property(
        model,
        fc.array(fc.nat({ max: 2000 }), { maxLength: 40 }),
        (m, offsets) => {
          const expected = expectedEvents(m);
          const bytes = bytesOf(m);
          expect(parseBytes(cutAt(bytes, offsets.map((o) => o % (bytes.length + 1))))).toEqual(expected);
          expect(parseBytes(Array.from(bytes, (byte) => new Uint8Array([byte])))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decoded text in any split (surrogate pairs cut in half, empty chunks) gives the model events too', () => {
    fc.assert(
      fc.property(
        model.filter((m) => !m.bom),
        fc.array(fc.nat({ max: 2000 }), { maxLength: 40 }),
        (m, offsets) => {
          const whole = serialize(m);
          expect(parseText(cutTextAt(whole, offsets.map((o) => o % (whole.length + 1))))).toEqual(expectedEvents(m));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('EventStream (property): JSON events through a real Response body, split anywhere', () => {
  function streamOf(chunks: Uint8Array[]): EventStream {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    return new EventStream(new Response(body, { headers: { 'content-type': 'text/event-stream' } }), new AbortController(), {});
  }

  async function collect(stream: EventStream): Promise<Array<{ event: string; data: unknown }>> {
    const out: Array<{ event: string; data: unknown }> = [];
    for await (const event of stream) out.push(event);
    return out;
  }

  const expected = RICH_EVENTS.filter((e) => e.event !== 'done').map((e) => ({ event: e.event, data: JSON.parse(e.data) }));

  it('yields the same typed events for the rich stream split at every byte offset', async () => {
    const bytes = utf8(RICH_STREAM);
    for (let i = 0; i <= bytes.length; i++) {
      expect(await collect(streamOf(cutAt(bytes, [i]))), `split at ${i}`).toEqual(expected);
    }
  });

  it('yields the same typed events in random partitions', async () => {
    const bytes = utf8(RICH_STREAM);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 30 }), async (offsets) => {
        expect(await collect(streamOf(cutAt(bytes, offsets)))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
