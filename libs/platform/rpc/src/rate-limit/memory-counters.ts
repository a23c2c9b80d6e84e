import type { CounterSpec } from "./counter-scripts";

interface Counter {
  count: number;
  expiresAt: number;
}

/** The same counters as the Redis scripts, kept in this process: the stand-in while Redis is unreachable. */
export interface MemoryCounters {
  consume(counters: readonly CounterSpec[]): { allowed: boolean; retryAfterMs: number };
  release(keys: readonly string[]): void;
  reset(key: string): void;
}

/** Builds process-local counters holding at most `maxEntries` keys (the oldest are forgotten first). */
export function createMemoryCounters(maxEntries = 100_000): MemoryCounters {
  const counters = new Map<string, Counter>();

  const live = (key: string, now: number): Counter | undefined => {
    const counter = counters.get(key);
    if (counter && counter.expiresAt <= now) {
      counters.delete(key);
      return undefined;
    }
    return counter;
  };

  const makeRoom = (now: number) => {
    if (counters.size < maxEntries) return;
    for (const [key, counter] of counters) if (counter.expiresAt <= now) counters.delete(key);
    // Still full: forget the oldest keys; an attacker spraying keys only loses limits they could reset anyway.
    for (const key of counters.keys()) {
      if (counters.size < maxEntries) break;
      counters.delete(key);
    }
  };

  return {
    consume(specs) {
      const now = Date.now();
      let refusedFor = 0;
      for (const spec of specs) {
        const counter = live(spec.key, now);
        if (counter && counter.count >= spec.max) refusedFor = Math.max(refusedFor, counter.expiresAt - now);
      }
      if (refusedFor > 0) return { allowed: false, retryAfterMs: refusedFor };
      for (const spec of specs) {
        const counter = live(spec.key, now);
        if (counter) {
          counter.count += 1;
        } else {
          makeRoom(now);
          counters.set(spec.key, { count: 1, expiresAt: now + spec.windowMs });
        }
      }
      return { allowed: true, retryAfterMs: 0 };
    },
    release(keys) {
      const now = Date.now();
      for (const key of keys) {
        const counter = live(key, now);
        if (!counter) continue;
        if (counter.count > 1) counter.count -= 1;
        else counters.delete(key);
      }
    },
    reset(key) {
      counters.delete(key);
    },
  };
}
