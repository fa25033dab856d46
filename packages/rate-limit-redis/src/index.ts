export { RedisRateLimitStore, type RedisRateLimitStoreOptions, type RedisScriptClient, type WhenUnavailable } from './store.js';
export { RedisUnavailableError } from './errors.js';
export { BUCKET_SCRIPT, BUCKET_SCRIPT_SHA } from './script.js';
