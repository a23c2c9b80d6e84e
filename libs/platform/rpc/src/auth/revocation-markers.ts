import type { Redis } from "ioredis";
import type { Logger } from "pino";

/** What Redis says of one session and its user: revoked or not, or nothing when its markers cannot be trusted. */
export type MarkerAnswer = "revoked" | "live" | "unknown";

/** Reads the revocation markers of one session and its user. */
export type MarkerReader = (sessionKey: string, userKey: string) => Promise<MarkerAnswer>;

interface PendingRead {
  sessionKey: string;
  userKey: string;
  answer(answer: MarkerAnswer): void;
}

// One MGET carries at most this many reads (two keys each), so no command grows without bound.
const READS_PER_COMMAND = 256;

export interface MarkerReaderOptions {
  redis: Redis;
  /** The key that exists while Redis holds every marker; without it every answer is "unknown". */
  completeKey: string;
  /** Called when the completeness key is missing, so the markers get rebuilt. */
  onIncomplete(): void;
  logger?: Logger;
}

/**
 * Reads revocation markers for every request that asks in the same turn of the event loop with one
 * MGET (with the completeness key once), instead of a round trip each: under load, many requests
 * are authenticated per turn. Each request still gets the answer of its own keys, read no earlier
 * than it asked.
 */
export function createMarkerReader(options: MarkerReaderOptions): MarkerReader {
  const { redis, completeKey, onIncomplete, logger } = options;
  let pending: PendingRead[] = [];

  const readBatch = async (reads: PendingRead[]) => {
    try {
      const values = await redis.mget(completeKey, ...reads.flatMap((read) => [read.sessionKey, read.userKey]));
      if (values[0] === null) {
        onIncomplete();
        for (const read of reads) read.answer("unknown");
        return;
      }
      reads.forEach((read, index) => {
        const revoked = values[1 + 2 * index] !== null || values[2 + 2 * index] !== null;
        read.answer(revoked ? "revoked" : "live");
      });
    } catch (error) {
      logger?.warn({ err: error }, "revocation markers unavailable; asking the database");
      for (const read of reads) read.answer("unknown");
    }
  };

  const flush = () => {
    const reads = pending;
    pending = [];
    for (let start = 0; start < reads.length; start += READS_PER_COMMAND) {
      void readBatch(reads.slice(start, start + READS_PER_COMMAND));
    }
  };

  return (sessionKey, userKey) =>
    new Promise<MarkerAnswer>((answer) => {
      pending.push({ sessionKey, userKey, answer });
      if (pending.length === 1) setImmediate(flush);
    });
}
