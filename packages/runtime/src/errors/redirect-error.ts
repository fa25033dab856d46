import { CozeError } from './coze-error.js';

/**
 * The server answered with a redirect the client does not follow: to another origin (the token
 * stays with the configured one), to plain http, one that would turn a POST into a GET, or one
 * redirect too many. Nothing was sent to the new location. Followed: 307 and 308 to the same
 * origin (same method and body), and 301, 302 and 303 of a GET or HEAD to the same origin.
 */
export class RedirectError extends CozeError {
  override name = 'RedirectError';
  /** The redirect's status (301, 302, 303, 307, 308, …), or 0 when a browser hid the redirect. */
  readonly status: number;
  /** The `Location` the server pointed to, resolved against the request URL, when it gave one. */
  readonly location: string | undefined;

  constructor(status: number, location: string | undefined, message: string) {
    super(message);
    this.status = status;
    this.location = location;
  }
}
