/**
 * `@coze/runtime/sse`: the SSE parser on its own, for text that does not come through an EventStream.
 * It is not in the main entry so that an app's bundler, which splits by file, leaves it out of every
 * app that does not stream (EventStream loads it with its reader, on the first read).
 */
export { SSEParser, type ServerSentEvent, type SSEParserOptions } from './streaming/sse-parser.js';
