import { CozeError, RequestValidationError } from './errors/index.js';

/**
 * The longest timeout: the most a timer can wait (2^31 − 1 ms, about 24.8 days); a longer one
 * would fire at once. There is no "no timeout": an answer that never comes would hang the caller.
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Settings a client takes and a call may override. */
export interface LimitOptions {
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  idleTimeout?: number | undefined;
  maxResponseBytes?: number | undefined;
  /** A stream's largest event, in characters (per call only). */
  maxEventSize?: number | undefined;
}

const RULES: Record<keyof LimitOptions, (value: number) => string | undefined> = {
  timeout: milliseconds,
  idleTimeout: milliseconds,
  maxRetries: (value) => (Number.isSafeInteger(value) && value >= 0 ? undefined : 'must be a whole number ≥ 0'),
  maxResponseBytes: (value) => (Number.isSafeInteger(value) && value > 0 ? undefined : 'must be a whole number of bytes above 0'),
  maxEventSize: (value) => (Number.isSafeInteger(value) && value > 0 ? undefined : 'must be a whole number of characters above 0'),
};

function milliseconds(value: number): string | undefined {
  if (value > 0 && value <= MAX_TIMEOUT_MS) return undefined;
  return `must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS} (the longest a timer waits; there is no unlimited timeout)`;
}

/** What is wrong with the limits given, one sentence per option; empty when nothing is. */
function problems(options: LimitOptions, prefix: string): Array<{ field: string; message: string }> {
  const found: Array<{ field: string; message: string }> = [];
  for (const name of Object.keys(RULES) as Array<keyof LimitOptions>) {
    const value = options[name];
    if (value === undefined) continue;
    const problem = typeof value === 'number' ? RULES[name](value) : 'must be a number';
    if (problem) found.push({ field: `${prefix}${name}`, message: `${prefix}${name} ${problem}; got ${shown(value)}.` });
  }
  return found;
}

/** A value as the message quotes it: text in quotes, so that '10' does not read as the number 10. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Checks a client's limits when it is created: a CozeError naming the option. */
export function checkClientLimits(options: LimitOptions): void {
  const found = problems(options, '');
  if (found.length > 0) throw new CozeError(found.map((p) => p.message).join(' '));
}

/** Checks one call's limits before anything is sent: a RequestValidationError naming the option. */
export function checkCallLimits(options: LimitOptions): void {
  const found = problems(options, '');
  if (found.length > 0) {
    throw new RequestValidationError(found.map(({ field, message }) => ({ field, rule: 'option', message })));
  }
}
