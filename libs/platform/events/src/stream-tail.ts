import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { pause, retryDelay } from "./backoff";
import { compareStreamIds, readStreamPosition, type StreamId } from "./stream-position";

export interface StreamTailOptions {
  redis: Redis;
  streamKey: string;
  /** How long one blocking read waits before it is issued again. */
  blockMs: number;
  logger: Logger;
}

/** Tells readers of a stream when it has grown past the point they have read to. */
export interface StreamTail {
  /** Registers a reader; the tail watches the stream while any reader is registered. Returns its release. */
  join(): () => void;
  /** Resolves once the stream holds an entry after `after`, or when `signal` aborts or the tail closes. */
  waitBeyond(after: StreamId, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

interface Waiter {
  after: StreamId;
  wake: () => void;
}

/**
 * One blocking XREAD per process watches the stream for every reader, so an idle subscriber costs
 * no round trips of its own; readers then read what they missed with XRANGE from their own cursor.
 */
export function createStreamTail(options: StreamTailOptions): StreamTail {
  const { redis, streamKey, blockMs, logger } = options;
  const waiters = new Set<Waiter>();
  let readers = 0;
  let closed = false;
  let latest: StreamId | null = null;
  let watching: { connection: Redis; stopped: AbortController; loop: Promise<void> } | null = null;

  function wakeReaders(): void {
    if (latest === null) return;
    for (const waiter of waiters) {
      if (compareStreamIds(latest, waiter.after) > 0) waiter.wake();
    }
  }

  async function watch(connection: Redis, stopped: AbortSignal): Promise<void> {
    let failures = 0;
    while (watching?.connection === connection) {
      try {
        latest ??= (await readStreamPosition(redis, streamKey)).lastGeneratedId;
        wakeReaders();
        const reply = (await connection.xread("COUNT", 100, "BLOCK", blockMs, "STREAMS", streamKey, latest)) as
          [string, [StreamId, string[]][]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        const last = entries[entries.length - 1];
        if (last) latest = last[0];
        failures = 0;
      } catch (error) {
        if (watching?.connection !== connection) break;
        failures += 1;
        logger.warn({ err: error, failures }, "could not watch the event stream");
        await pause(retryDelay(failures, 200, 5_000), stopped);
      }
    }
  }

  function startWatching(): void {
    if (watching || closed) return;
    // A blocked XREAD holds its connection, so the tail reads on a connection of its own.
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    connection.on("error", (error: Error) => logger.warn({ err: error }, "event stream watch connection error"));
    latest = null;
    const stopped = new AbortController();
    watching = { connection, stopped, loop: Promise.resolve() };
    watching.loop = watch(connection, stopped.signal);
  }

  async function stopWatching(): Promise<void> {
    const current = watching;
    if (!current) return;
    watching = null;
    current.stopped.abort();
    // Disconnecting ends a blocked read at once instead of after blockMs.
    current.connection.disconnect();
    await current.loop;
  }

  return {
    join() {
      readers += 1;
      startWatching();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        readers -= 1;
        if (readers === 0) void stopWatching();
      };
    },
    waitBeyond(after, signal) {
      if (closed || signal?.aborted) return Promise.resolve();
      if (latest !== null && compareStreamIds(latest, after) > 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const waiter: Waiter = {
          after,
          wake: () => {
            waiters.delete(waiter);
            signal?.removeEventListener("abort", waiter.wake);
            resolve();
          },
        };
        waiters.add(waiter);
        signal?.addEventListener("abort", waiter.wake, { once: true });
      });
    },
    async close() {
      closed = true;
      for (const waiter of [...waiters]) waiter.wake();
      await stopWatching();
    },
  };
}
