import { RequestValidationError, unknownOptions, unknownOptionsMessage, type RequestOptions } from '@coze/runtime';

// What a caller may pass as a call's last argument.
const CALL_OPTION_NAMES = Object.keys({
  signal: true,
  timeout: true,
  maxRetries: true,
  headers: true,
  idempotencyKey: true,
  maxResponseBytes: true,
} satisfies Record<keyof RequestOptions, true>);

/**
 * Where the runtime looks for a generated method's input that could not be used, to reject the call
 * with it (the runtime's PARAMETER_ERROR, a registered symbol).
 */
const INPUT_ERROR = Symbol.for('@coze/runtime.parameterError');

/** Marks options a method checked itself (chat.stream, with names of its own), adding what only it may add. */
const CHECKED = Symbol('call options checked');

/**
 * The error for a misspelt or foreign name among a call's options (`timeOut`, or `url`, `security`,
 * `body`, which would change what is sent), or undefined when every name is known.
 *
 * @param also names a method takes beyond the common request options
 */
export function callOptionsError(options: object, also: readonly string[] = []): RequestValidationError | undefined {
  const known = also.length === 0 ? CALL_OPTION_NAMES : [...CALL_OPTION_NAMES, ...also];
  const unknown = unknownOptions(options, known);
  if (unknown.length === 0) return undefined;
  return new RequestValidationError(
    unknown.map((option) => ({ field: option.key, rule: 'unknown', message: unknownOptionsMessage([option], known, 'a request') })),
  );
}

/** Options that `callOptions` lets through as they are: a method checked them itself (see CHECKED). */
export function checkedOptions<T extends object>(options: T): T {
  return Object.assign(options, { [CHECKED]: true });
}

/**
 * A caller's options as the generated methods spread them into the request: as they are when every
 * name is known, else an object that makes the runtime reject the call before anything is sent.
 * Checked here, before the binding adds its own `url`, `security` and body: after, a caller's `url`
 * (plain JavaScript, or a cast) could not be told from the binding's, and would be sent.
 */
export function callOptions(options: RequestOptions | undefined): RequestOptions | undefined {
  if (options === undefined || options === null || (options as { [CHECKED]?: true })[CHECKED]) return options;
  const error =
    typeof options === 'object'
      ? callOptionsError(options)
      : new RequestValidationError([
          { field: 'options', rule: 'type', message: `A call's options must be an object (such as { timeout: 60_000 }), not a ${typeof options}` },
        ]);
  return error ? ({ [INPUT_ERROR]: error } as RequestOptions) : options;
}
