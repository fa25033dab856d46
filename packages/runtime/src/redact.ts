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

/** Response headers as a plain object with lower-cased names. */
export function headersToObject(headers: Headers): Record<string, string> {
  const object: Record<string, string> = {};
  headers.forEach((value, name) => {
    object[name] = value;
  });
  return object;
}
