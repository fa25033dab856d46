export { EventStream, type EventStreamOptions, type StreamEvent } from './stream.js';
