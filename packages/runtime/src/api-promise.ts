import { CozeError } from './errors/index.js';

/** A response's data with the response it came in. */
export interface WithResponse<T> {
  data: T;
  response: Response;
  /** The `X-Request-Id` header: quote it when you contact support. */
  requestId: string | undefined;
}

/**
 * A call's data as the client first has it. Its WithResponse form, whose `response` getter V8 takes
 * about a third of a microsecond to make, is made only when the caller asks for it.
 */
export class Answer<T> {
  constructor(
    readonly data: T,
    private readonly head: { toResponse(): Response },
    private readonly requestId: string | undefined,
  ) {}

  /**
   * The data with its response, which is made only when read (once: the head keeps it): an own,
   * enumerable getter, so that the object spreads and destructures as a plain one.
   */
  withResponse(): WithResponse<T> {
    const { head } = this;
    return {
      data: this.data,
      get response() {
        return head.toResponse();
      },
      requestId: this.requestId,
    };
  }
}

/** What a call settles with: a stream's WithResponse as it is, a JSON call's as an Answer. */
type Result<T> = WithResponse<T> | Answer<T>;

/** The cursor-pagination convention: a page of `data`, and a cursor for the next one. */
export interface CursorPage<Item> {
  data: Item[];
  has_more: boolean;
  next_cursor?: string | null;
}

/**
 * The result of an API call: await it for the data, or call `withResponse()` for the data together
 * with the raw response (status, headers, request id) — one request either way.
 *
 * @example
 * const chat = await coze.chat.create({ messages });
 * const { data, response, requestId } = await coze.chat.create({ messages }).withResponse();
 */
export class APIPromise<T> implements PromiseLike<T> {
  readonly #result: Promise<Result<T>>;
  readonly #nextPage: ((cursor: string) => APIPromise<T>) | undefined;

  constructor(result: Promise<Result<T>>, nextPage?: (cursor: string) => APIPromise<T>) {
    this.#result = result;
    this.#nextPage = nextPage;
  }

  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#result.then(
      onfulfilled ? (result) => onfulfilled(result.data) : (result) => result.data as unknown as A,
      onrejected,
    );
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  /** The data with the raw response and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result.then((result) => (result instanceof Answer ? result.withResponse() : result));
  }

  /** The raw response alone. */
  asResponse(): Promise<Response> {
    return this.withResponse().then((result) => result.response);
  }

  get [Symbol.toStringTag](): string {
    return 'APIPromise';
  }

  /**
   * Iterates every item of a cursor-paginated list, fetching the next page (same parameters,
   * `cursor` = the page's `next_cursor`) only when the previous one is used up. A server that
   * returns a cursor it returned before would loop the client forever: that ends in a CozeError
   * naming the cursor and the page it would repeat.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<T extends CursorPage<infer Item> ? Item : never> {
    let page: APIPromise<T> = this;
    /** Each cursor followed, with the number of the page it fetched (the first page is 1, with no cursor). */
    const followed = new Map<string, number>();
    for (let number = 1; ; number++) {
      const data: unknown = await page;
      if (!isCursorPage(data)) {
        throw new CozeError('This response is not a cursor page ({data, has_more, next_cursor}); it cannot be iterated.');
      }
      yield* data.data as Array<T extends CursorPage<infer Item> ? Item : never>;
      const cursor = data.next_cursor;
      if (!data.has_more || !cursor || !this.#nextPage) return;
      const repeated = followed.get(cursor);
      if (repeated !== undefined) {
        const shown = cursor.length > 64 ? `${cursor.slice(0, 64)}…` : cursor;
        throw new CozeError(
          `Paging stopped: the server returned the cursor '${shown}' again (page ${number + 1} would repeat page ${repeated}), with has_more still true.`,
        );
      }
      followed.set(cursor, number + 1);
      page = this.#nextPage(cursor);
    }
  }
}

function isCursorPage(value: unknown): value is CursorPage<unknown> {
  return typeof value === 'object' && value !== null && Array.isArray((value as CursorPage<unknown>).data);
}
