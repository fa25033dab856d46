import { createHash } from 'node:crypto';

/** The prefix of every key the store writes, unless configured. */
export const DEFAULT_PREFIX = 'coze:rate-limit:';

/**
 * The Redis key of one API token's bucket: the prefix, then a SHA-256 of the token inside braces.
 * The braces are a Cluster hash tag: everything a bucket ever keeps hashes to one slot. The token
 * itself never reaches Redis; the hash cannot be turned back into it.
 */
export function bucketKey(prefix: string, token: string): string {
  return `${prefix}{${createHash('sha256').update(token).digest('hex')}}`;
}

/** The bucket of requests sent without a token (the runtime names none): one for every such client. */
export function anonymousBucketKey(prefix: string): string {
  return `${prefix}{anonymous}`;
}

/** A prefix must be a string without braces: a brace would move the hash tag and split a bucket across slots. */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  if (/[{}]/.test(prefix)) throw new TypeError(`prefix must not contain '{' or '}' (they would change the Cluster hash tag); got ${JSON.stringify(prefix)}`);
  return prefix;
}
