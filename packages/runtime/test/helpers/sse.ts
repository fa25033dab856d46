import { SSEParser, type ServerSentEvent } from '../../src/sse.js';

/** Parses byte chunks exactly as EventStream does: a streaming TextDecoder in front of the parser. */
export function parseBytes(chunks: Iterable<Uint8Array>): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = new SSEParser((event) => events.push(event));
  const decoder = new TextDecoder();
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  parser.feed(decoder.decode());
  parser.end();
  return events;
}

/** Parses already-decoded text chunks (the parser's own contract: any split, empty chunks included). */
export function parseText(chunks: Iterable<string>): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = new SSEParser((event) => events.push(event));
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return events;
}

/** `bytes` cut at the given offsets (unsorted, repeats allowed: a repeat makes an empty chunk). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = offsets.map((offset) => Math.min(offset, bytes.length)).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

export function cutTextAt(text: string, offsets: readonly number[]): string[] {
  const cuts = offsets.map((offset) => Math.min(offset, text.length)).sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(text.slice(start, cut));
    start = cut;
  }
  chunks.push(text.slice(start));
  return chunks;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A stream that uses every feature the parser must handle; it ends in an incomplete event, which is discarded. */
export const RICH_STREAM = [
  ': welcome\r\n',
  'retry: 3000\n',
  'id: 1\n',
  'event: chat.created\n',
  'data: {"id":"c1"}\n',
  '\n',
  'event: chat.message.delta\r',
  'data: {"content":\r',
  ': a comment in the middle of an event\r',
  'data: "你好，世界 😀"}\r',
  '\r',
  ': ping\n\n',
  'event: ping\n',
  '\n',
  'id: 2\r\n',
  'event: chat.message.delta\r\n',
  'data:{"content":"👍🏽🇨🇳"}\r\n',
  '\r\n',
  'event: done\n',
  'data: "[DONE]"\n',
  '\n',
  'event: cut-off\n',
  'data: {"never": ',
].join('');

export const RICH_EVENTS: ServerSentEvent[] = [
  { event: 'chat.created', data: '{"id":"c1"}', id: '1', retry: 3000 },
  { event: 'chat.message.delta', data: '{"content":\n"你好，世界 😀"}', id: '1', retry: undefined },
  { event: 'chat.message.delta', data: '{"content":"👍🏽🇨🇳"}', id: '2', retry: undefined },
  { event: 'done', data: '"[DONE]"', id: '2', retry: undefined },
];
