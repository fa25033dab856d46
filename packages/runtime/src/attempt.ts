const STOPPED = Symbol('attempt stopped');

/**
 * How a transport learns that its request must stop: on timeout, on the caller's abort, or when the
 * policy is done with the connection. A transport that takes a signal (fetch) asks for `signal`; one
 * that can stop its request directly (node:http) registers that with `onAbort`, which spares the
 * AbortController and its event listeners: on Node 20 they cost about a quarter of a loopback request.
 */
export interface Abortable {
  readonly aborted: boolean;
  /** Made on first use, already aborted if the attempt is. */
  readonly signal: AbortSignal;
  /** Registers how to stop the request; called at once when the attempt is already aborted. */
  onAbort(stop: (reason: unknown) => void): void;
}

/**
 * The bounds of one attempt: its timeout and the caller's signal. Either ends the attempt at once,
 * whatever the transport does: `race` settles when they fire even if the transport never reports
 * the abort (a 101 answer, a custom fetch that ignores its signal, Deno's node:http on a reused
 * keep-alive connection). The connection is aborted too, so a transport that does listen lets go.
 */
export class Attempt implements Abortable {
  timedOut = false;
  aborted = false;
  private controllerMade: AbortController | undefined;
  private stops: Array<(reason: unknown) => void> | undefined;
  /** Whether the timeout or the caller's signal fired: every race from then on rejects. */
  private stopped = false;
  /** Rejects the race under way, if any. */
  private rejectRace: ((reason: unknown) => void) | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onAbortSignal: (() => void) | undefined;

  constructor(
    timeout: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort();
      this.stop();
    }, timeout);
    if (callerSignal) {
      this.onAbortSignal = () => {
        this.abort();
        this.stop();
      };
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once and release() removes the listener on every path: `once` only frees it sooner
      callerSignal.addEventListener('abort', this.onAbortSignal, { once: true });
    }
  }

  /**
   * The attempt's AbortController, made on first use (a stream's reader and `client.fetch` keep it):
   * aborting it aborts the attempt, and an aborted attempt has it aborted.
   */
  get controller(): AbortController {
    if (!this.controllerMade) {
      const controller = (this.controllerMade = new AbortController());
      if (this.aborted) controller.abort();
      else controller.signal.addEventListener('abort', () => this.abort(controller.signal.reason), { once: true });
    }
    return this.controllerMade;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  onAbort(stop: (reason: unknown) => void): void {
    if (this.aborted) stop(undefined);
    else (this.stops ??= []).push(stop);
  }

  /** Aborts the connection: on timeout, on the caller's abort, or when the policy is done with it. */
  abort(reason?: unknown): void {
    // Stryker disable next-line ConditionalExpression: a second abort finds the controller aborted and the stops taken, so it does nothing either way
    if (this.aborted) return;
    this.aborted = true;
    this.controllerMade?.abort(reason);
    const stops = this.stops;
    this.stops = undefined;
    if (stops) for (const stop of stops) stop(reason);
  }

  /** Whether the caller's signal ended the attempt. */
  get userAborted(): boolean {
    return this.callerSignal?.aborted === true;
  }

  /** `promise`, or a rejection as soon as the timeout or the caller's signal fires. */
  race<T>(promise: Promise<T>): Promise<T> {
    // Made per race rather than once per attempt: most attempts race once and are never stopped.
    if (this.stopped) return Promise.race([promise, Promise.reject(STOPPED)]);
    return new Promise<T>((resolve, reject) => {
      this.rejectRace = reject;
      promise.then(resolve, reject);
    });
  }

  private stop(): void {
    this.stopped = true;
    this.rejectRace?.(STOPPED);
  }

  /** Stops the timeout (a stream's idle timer takes over once it opens). */
  endTimeout(): void {
    clearTimeout(this.timer);
  }

  /**
   * Detaches from the caller's signal and lets go of the transport's stop (its request): once the
   * body is read, or for a stream once it is done with. Held longer, the request and everything its
   * closure holds outlived young-generation collections, and the promotions tripled GC time per call.
   */
  release(): void {
    // Stryker disable next-line ConditionalExpression,OptionalChaining: onAbortSignal is set exactly when callerSignal is, so either test alone decides the same
    if (this.onAbortSignal) this.callerSignal?.removeEventListener('abort', this.onAbortSignal);
    this.stops = undefined;
    this.rejectRace = undefined;
  }
}
