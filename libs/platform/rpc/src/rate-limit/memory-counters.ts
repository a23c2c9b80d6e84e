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
  /** How many counters are held, expired ones not yet swept included. */
  readonly size: number;
}

// Entries the sweep looks at per call: enough to outpace the at most few keys a call adds.
const SWEEP_STEPS = 4;

/**
 * Builds process-local counters holding at most `maxEntries` keys. Every call costs O(1) amortized:
 * a full map forgets its oldest key (the Map keeps insertion order, and an expired key is
 * re-inserted at the end), and a cursor walks the map a few entries per call dropping expired ones,
 * so no call ever scans the whole map and no timer keeps the process alive.
 */
export function createMemoryCounters(maxEntries = 100_000): MemoryCounters {
  const counters = new Map<string, Counter>();
  // A Map iterator stays valid while entries are added and deleted; it is restarted when it ends.
  let sweep: Iterator<[string, Counter]> = counters.entries();

  const sweepSome = (now: number) => {
    for (let step = 0; step < SWEEP_STEPS; step += 1) {
      let next = sweep.next();
      if (next.done) {
        sweep = counters.entries();
        next = sweep.next();
        if (next.done) return;
      }
      const [key, counter] = next.value;
      if (counter.expiresAt <= now) counters.delete(key);
    }
  };

  const live = (key: string, now: number): Counter | undefined => {
    const counter = counters.get(key);
    if (counter && counter.expiresAt <= now) {
      counters.delete(key);
      return undefined;
    }
    return counter;
  };

  // An attacker spraying keys only pushes out limits they could have reset anyway.
  const makeRoom = () => {
    while (counters.size >= maxEntries) {
      const oldest = counters.keys().next();
      if (oldest.done) return;
      counters.delete(oldest.value);
    }
  };

  return {
    consume(specs) {
      const now = Date.now();
      sweepSome(now);
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
          makeRoom();
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
    get size() {
      return counters.size;
    },
  };
}
