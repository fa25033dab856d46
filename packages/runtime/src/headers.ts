import { RequestValidationError, type ValidationIssue } from './errors/index.js';

/** RFC 9110 token characters: what a header name may be made of. */
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * What both transports accept in a value: tab, visible ASCII, space and Latin-1 bytes (fetch
 * refuses anything beyond U+00FF, node:http any control character, CR and LF above all).
 */
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Refuses header names and values that no transport can send (a CRLF that would inject a header,
 * a NUL, a character beyond Latin-1). They are the caller's bug: a RequestValidationError before
 * anything is sent, never a connection error to retry. A bad value is never quoted: it may be a
 * secret.
 */
export function checkHeaders(headers: Record<string, string>, field = 'headers'): void {
  let issues: ValidationIssue[] | undefined;
  for (const name in headers) {
    let issue: ValidationIssue | undefined;
    if (!NAME.test(name)) {
      const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
      issue = {
        field: `${field}[${shown}]`,
        rule: 'header-name',
        message: `${field}: ${shown} is not a valid header name (letters, digits and !#$%&'*+.^_\`|~- only)`,
      };
    } else if (!VALUE.test(headers[name]!)) {
      issue = {
        field: `${field}.${name}`,
        rule: 'header-value',
        message: `${field}.${name} has a character not allowed in a header (a control character or one beyond Latin-1); the value is not shown`,
      };
    }
    if (issue) (issues ??= []).push(issue);
  }
  if (issues) throw new RequestValidationError(issues);
}
