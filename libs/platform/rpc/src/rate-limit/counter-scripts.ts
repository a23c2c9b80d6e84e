import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Counts one attempt against every key in one step, or none when any key is used up: reading the
 * counts and incrementing them in one script is what keeps parallel and batched calls from all
 * passing a check that only one of them should pass.
 * KEYS: counters. ARGV: per key, its maximum and its window in milliseconds.
 * Returns {1, 0} when counted, {0, milliseconds until the fullest counter resets} when refused.
 */
const CONSUME = `
local refusedFor = 0
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call("GET", key) or "0")
  if count >= tonumber(ARGV[i * 2 - 1]) then
    local ttl = redis.call("PTTL", key)
    if ttl < 0 then
      ttl = tonumber(ARGV[i * 2])
      redis.call("PEXPIRE", key, ttl)
    end
    if ttl > refusedFor then refusedFor = ttl end
  end
end
if refusedFor > 0 then return {0, refusedFor} end
for i, key in ipairs(KEYS) do
  redis.call("INCR", key)
  if redis.call("PTTL", key) < 0 then redis.call("PEXPIRE", key, ARGV[i * 2]) end
end
return {1, 0}
`;

/** Takes one attempt back from every key, never below zero and never creating a key. */
const RELEASE = `
for _, key in ipairs(KEYS) do
  local count = tonumber(redis.call("GET", key) or "0")
  if count > 1 then redis.call("DECR", key) elseif count == 1 then redis.call("DEL", key) end
end
return 0
`;

/** A Lua script run by its digest (EVALSHA), sent in full only when Redis does not know it yet. */
interface RedisScript {
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

function defineScript(source: string): RedisScript {
  const sha = createHash("sha1").update(source).digest("hex");
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        // A restarted or failed-over Redis has an empty script cache.
        if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
        return redis.eval(source, keys.length, ...keys, ...args);
      }
    },
  };
}

const consumeScript = defineScript(CONSUME);
const releaseScript = defineScript(RELEASE);

/** One counter of a consume call: its Redis key, maximum and window. */
export interface CounterSpec {
  key: string;
  max: number;
  windowMs: number;
}

/** Atomically counts one attempt on every counter unless one is used up; see CONSUME. */
export async function consumeCounters(
  redis: Redis,
  counters: readonly CounterSpec[],
): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const reply = await consumeScript.run(
    redis,
    counters.map((counter) => counter.key),
    counters.flatMap((counter) => [counter.max, counter.windowMs]),
  );
  const [allowed, retryAfterMs] = Array.isArray(reply) ? reply.map(Number) : [Number.NaN, 0];
  if (allowed !== 0 && allowed !== 1) throw new Error("unexpected reply from the rate-limit script");
  return { allowed: allowed === 1, retryAfterMs: retryAfterMs ?? 0 };
}

/** Takes one attempt back from every counter; see RELEASE. */
export async function releaseCounters(redis: Redis, keys: readonly string[]): Promise<void> {
  await releaseScript.run(redis, keys, []);
}
