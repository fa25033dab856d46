import { redact } from './log.js';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/** A copy of `headers` with lower-cased names and every credential replaced, safe to log. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in headers) {
    const lower = name.toLowerCase();
    copy[lower] = SECRET_HEADERS.has(lower) ? '[REDACTED]' : headers[name]!;
  }
  return copy;
}

/** Headers with `secret` replaced in every value that holds it: the same headers when none does. */
export function headersWithout(headers: Headers | Array<[string, string]>, secret: string): Headers | Array<[string, string]> {
  const pairs = Array.isArray(headers) ? headers : [...headers];
  if (!pairs.some(([, value]) => value.includes(secret))) return headers;
  return pairs.map(([name, value]) => [name, redact(value, secret)]);
}

/**
 * A JSON.parse failure as a cause, unless redacting the text (`shown`) changed it: V8's message quotes
 * the text around the fault, so the cause would carry (part of) the token into every log of the error.
 */
export function parseCause(error: unknown, text: string, shown: string): unknown {
  return shown === text ? error : undefined;
}

/** Response headers as a plain object with lower-cased names. */
export function headersToObject(headers: Headers): Record<string, string> {
  const object: Record<string, string> = {};
  headers.forEach((value, name) => {
    object[name] = value;
  });
  return object;
}

/**
 * A transport error's message, and the error itself as a cause, unless either quotes a credential
 * of the request: some libraries put a whole header into their messages (undici's "… is an invalid
 * header value"). Then the message is withheld and the cause left out, so the token can reach no
 * log through an error.
 */
export function scrubError(error: unknown, headers: Record<string, string>): { message: string; cause: unknown } {
  const secrets: string[] = [];
  for (const name in headers) {
    if (!SECRET_HEADERS.has(name.toLowerCase())) continue;
    const value = headers[name]!;
    secrets.push(value, value.replace(/^\w+ /, ''));
  }
  const quotes = (text: string) => secrets.some((secret) => secret.length >= 6 && text.includes(secret));
  const message = describe(error);
  if (!quotes(everything(error))) return { message, cause: error };
  const { name, code } = error as { name?: unknown; code?: unknown };
  return { message: `${String(code ?? name ?? 'error')} (its message is withheld: it quoted a credential)`, cause: undefined };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/** Every message and stack along an error's cause chain. */
function everything(error: unknown): string {
  let text = '';
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    if (typeof e !== 'object') return text + String(e);
    const { message, stack, cause } = e as { message?: unknown; stack?: unknown; cause?: unknown };
    text += `${String(message)}\n${String(stack)}\n`;
    e = cause;
  }
  return text;
}
