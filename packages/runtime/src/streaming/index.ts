export { EventStream, type EventStreamOptions, type StreamEvent } from './event-stream.js';
export { SSEParser, type ServerSentEvent } from './sse-parser.js';
