export { RateLimiter, type RateLimitOptions } from './limiter.js';
export { MemoryRateLimitStore, type RateLimitStore } from './store.js';
