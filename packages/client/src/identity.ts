import { detectPlatform, userAgent } from '@coze/runtime';
import packageJson from '../package.json' with { type: 'json' };

/** This package's version, read from its package.json when it is built. */
export const VERSION: string = packageJson.version;

/**
 * The header that tells the platform's support which SDK, runtime and OS sent a request:
 * `User-Agent: coze-client-ts/<version> (<runtime> <version>; <os>)`. A page cannot set User-Agent
 * (Chromium drops it without a word), so browsers send the same value as `X-Coze-Client`.
 */
export function identityHeaders(): Record<string, string> {
  const platform = detectPlatform();
  const value = userAgent(`coze-client-ts/${VERSION}`, platform);
  return platform.browser ? { 'x-coze-client': value } : { 'user-agent': value };
}
