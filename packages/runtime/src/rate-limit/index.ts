export { RateLimiter, type RateLimitOptions } from './limiter.js';
export { MemoryRateLimitStore, type MemoryRateLimitStoreOptions, type RateLimitStore } from './store.js';
