/** A request whose whole response body is wanted as text. */
export interface BufferedRequest {
  method: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | undefined;
  signal: AbortSignal;
}

/** The response, with a body-less Response for status and headers (the text was read already). */
export interface BufferedResponse {
  response: Response;
  text: string;
}

/** Sends a request and reads its body whole; rejects when no complete response arrives. */
export type BufferedFetch = (url: string, request: BufferedRequest) => Promise<BufferedResponse>;

/** A response whose body broke off after its status line: carries the status for error reporting. */
export class BodyCutOffError extends Error {
  constructor(
    readonly response: Response,
    options?: { cause?: unknown },
  ) {
    super('The response body was cut off', options);
  }
}
