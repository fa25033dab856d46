/** The packages under mutation testing, by folder name under packages/; each has a stryker.config.mjs and a mutation/ baseline. */
export const PACKAGES = ['runtime', 'rate-limit-redis'];
