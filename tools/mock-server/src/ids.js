import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random id such as `wf_h3Xk9aQ2mB7pL0cD`: the prefix, an underscore and 16 letters or digits, which matches
 * the `^<prefix>_[A-Za-z0-9]{1,64}$` patterns of the spec's ids.
 *
 * @param {string} prefix
 * @returns {string}
 */
export function newId(prefix) {
  let id = `${prefix}_`;
  // The modulo bias of 256 % 62 is irrelevant for ids that only need to be unique.
  for (const byte of randomBytes(16)) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
