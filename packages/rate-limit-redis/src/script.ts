import { createHash } from 'node:crypto';

/**
 * The whole decision, run atomically by Redis: one round trip per request, on the Redis server's
 * clock (TIME), so processes on machines whose clocks disagree still share one bucket.
 *
 * KEYS[1] is the bucket, a hash of `tokens` (may be fractional), `at` (ms, when `tokens` was
 * counted) and `paused` (ms, until when nothing is admitted).
 * ARGV: 'take' or 'pause', the rate (tokens per second), the capacity, then for 'take' the tokens
 * a bucket that does not exist yet starts with, for 'pause' the ms to pause from now.
 * Returns 0 when a token was taken, else the whole ms until one may be (always 0 for 'pause').
 *
 * A pause (the server answered 429) also empties the bucket and lets it refill only from the
 * pause's end: the server's bucket was empty when ours still had tokens, so ours starts again
 * from the server's state instead of admitting a burst the moment the pause ends.
 * The key expires once it would be a full, unpaused bucket, which is what a missing key means.
 */
export const BUCKET_SCRIPT = `
if redis.replicate_commands then redis.replicate_commands() end
local rate = tonumber(ARGV[2]) / 1000
local capacity = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'paused')
local tokens = tonumber(state[1])
if tokens == nil then tokens = ARGV[1] == 'take' and tonumber(ARGV[4]) or capacity end
tokens = math.min(capacity, tokens)
local at = tonumber(state[2]) or now
local paused = tonumber(state[3]) or 0
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate)
  at = now
end
local wait = 0
if ARGV[1] == 'pause' then
  paused = math.max(paused, now + tonumber(ARGV[4]))
  tokens = 0
  at = math.max(at, paused)
elseif now < paused then
  wait = paused - now
elseif tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.3f', at), 'paused', string.format('%.3f', paused))
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(at, paused) - now + (capacity - tokens) / rate) + 1000)
return math.ceil(wait)
`;

/** What EVALSHA names the script by: its SHA-1, as Redis computes it. */
// Stryker disable next-line StringLiteral: not equivalent, unjudgeable: createHash('') throws as the module loads, so every test file fails to load, which Stryker's vitest runner (9.6.1) counts as no test failing
export const BUCKET_SCRIPT_SHA = createHash('sha1').update(BUCKET_SCRIPT).digest('hex');
