const STOPPED = Symbol('attempt stopped');

/**
 * The bounds of one attempt: its timeout and the caller's signal. Either ends the attempt at once,
 * whatever the transport does: `race` settles when they fire even if the transport never reports
 * the abort (a 101 answer, a custom fetch that ignores its signal, Deno's node:http on a reused
 * keep-alive connection). The connection is aborted too, so a transport that does listen lets go.
 */
export class Attempt {
  /** Aborts the connection: on timeout, on the caller's abort, or when the policy is done with it. */
  readonly controller = new AbortController();
  timedOut = false;
  private readonly stopped: Promise<never>;
  private stop!: () => void;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onAbort: () => void;

  constructor(
    timeout: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.stopped = new Promise<never>((_, reject) => {
      this.stop = () => reject(STOPPED);
    });
    // Nothing may be racing when it fires (between two awaits): that is not an unhandled rejection.
    this.stopped.catch(() => undefined);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
      this.stop();
    }, timeout);
    this.onAbort = () => {
      this.controller.abort();
      this.stop();
    };
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Whether the caller's signal ended the attempt. */
  get userAborted(): boolean {
    return this.signal?.aborted === true;
  }

  /** `promise`, or a rejection as soon as the timeout or the caller's signal fires. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.stopped]);
  }

  /** Stops the timeout (a stream's idle timer takes over once it opens). */
  endTimeout(): void {
    clearTimeout(this.timer);
  }

  /** Detaches from the caller's signal; for a stream, once its body is done with. */
  release = (): void => {
    this.signal?.removeEventListener('abort', this.onAbort);
  };
}
