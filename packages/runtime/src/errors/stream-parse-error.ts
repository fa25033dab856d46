import { CozeError } from './coze-error.js';

/**
 * The bytes of an event stream are not the events they should be: a frame whose data is not the
 * JSON it should be, or an event larger than the stream's `maxEventSize`. The connection is closed.
 */
export class StreamParseError extends CozeError {
  override name = 'StreamParseError';
  /** The SSE event name of the bad frame, when the error is about one frame. */
  readonly event: string | undefined;

  constructor(message: string, options?: { event?: string; cause?: unknown }) {
    super(message, options);
    this.event = options?.event;
  }
}
