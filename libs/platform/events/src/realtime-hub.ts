import type { Redis } from "ioredis";
import { pino, type Logger } from "pino";
import { parseStreamEvent, type AnyDomainEvent } from "./domain-event";
import {
  compareStreamIds,
  entriesMissedAfter,
  positionOfMissingStream,
  readStreamPosition,
  streamPositionFrom,
  type StreamId,
  type StreamPosition,
} from "./stream-position";
import { createStreamTail } from "./stream-tail";

export interface RealtimeHubOptions {
  redis: Redis;
  /** The stream the outbox relay appends domain events to (`eventKeys(prefix).stream`). */
  streamKey: string;
  /** Entries read per XRANGE while a follower catches up. */
  pageSize?: number;
  /** How long the shared blocking read waits before it is issued again. */
  blockMs?: number;
  logger?: Logger;
}

/** Why a follower must refetch instead of resuming. */
export type RealtimeResetReason =
  /** Entries after its position were trimmed from the stream (older than the retention window). */
  | "expired"
  /** Its position lies beyond anything the stream has handed out (the stream was recreated). */
  | "unknown_position";

/**
 * What a follower receives, each with the stream id to resume after: `following` first when it
 * starts without a position (so a reconnect before any event still resumes from there), `reset`
 * when its position can no longer be resumed from, then every accepted event in stream order.
 */
export type RealtimeDelivery =
  | { kind: "following"; streamId: StreamId }
  | { kind: "reset"; streamId: StreamId; reason: RealtimeResetReason }
  | { kind: "event"; streamId: StreamId; event: AnyDomainEvent };

export interface FollowOptions {
  /** The stream id of the last delivery the follower holds; null or absent to start from now. */
  after?: StreamId | null;
  /** Which events this follower receives; decided here, so nothing else ever leaves the server. */
  accepts: (event: AnyDomainEvent) => boolean;
  /** Ends the iteration when it aborts. */
  signal?: AbortSignal;
}

export interface RealtimeHub {
  /**
   * Delivers the stream's events after a position, then live ones as they are appended, until the
   * signal aborts, the caller stops iterating, or the hub closes. Nothing after the position is
   * skipped or repeated while the stream still holds it; when it no longer does, a `reset` says so.
   */
  follow(options: FollowOptions): AsyncGenerator<RealtimeDelivery, void, undefined>;
  /** Ends every follower and the shared stream watch. */
  close(): Promise<void>;
}

/**
 * Realtime delivery from the durable event stream: followers resume from the last id they hold
 * within the stream's retention, instead of hearing only what is published while they listen.
 */
export function createRealtimeHub(options: RealtimeHubOptions): RealtimeHub {
  const { redis, streamKey, pageSize = 200, blockMs = 5_000 } = options;
  const logger = (options.logger ?? pino({ level: "silent" })).child({ component: "realtime-hub", streamKey });
  const tail = createStreamTail({ redis, streamKey, blockMs, logger });
  const closing = new AbortController();

  function parseEntry(id: StreamId, fields: string[]): AnyDomainEvent | null {
    const dataIndex = fields.findIndex((field, index) => index % 2 === 0 && field === "data");
    try {
      return parseStreamEvent(fields[dataIndex + 1] ?? "");
    } catch (error) {
      // An event this build does not know (a newer publisher) is skipped, not fatal to followers.
      logger.warn({ err: error, streamId: id }, "skipped a stream entry that is not a catalogued event");
      return null;
    }
  }

  /** The entries after `cursor`, and the stream's position read just after them, in one round trip. */
  async function readPage(cursor: StreamId): Promise<{ entries: [StreamId, string[]][]; position: StreamPosition }> {
    const replies =
      (await redis
        .pipeline()
        .xrange(streamKey, `(${cursor}`, "+", "COUNT", pageSize)
        .call("XINFO", "STREAM", streamKey)
        .exec()) ?? [];
    const [range, info] = replies;
    if (range?.[0]) throw range[0];
    const entries = (range?.[1] ?? []) as [StreamId, string[]][];
    const position = info?.[0] ? positionOfMissingStream(info[0]) : streamPositionFrom(info?.[1]);
    return { entries, position };
  }

  async function* follow(followOptions: FollowOptions): AsyncGenerator<RealtimeDelivery, void, undefined> {
    const { accepts, signal } = followOptions;
    const release = tail.join();
    const stop = signal ? AbortSignal.any([closing.signal, signal]) : closing.signal;
    const ended = () => stop.aborted;
    try {
      const position = await readStreamPosition(redis, streamKey);
      const after = followOptions.after ?? null;
      // Entries ever appended up to the cursor, known when the cursor came from the stream itself.
      let addedThroughCursor: number | null = position.entriesAdded;
      let cursor: StreamId = position.lastGeneratedId;
      if (after === null) {
        yield { kind: "following", streamId: cursor };
      } else if (compareStreamIds(after, position.lastGeneratedId) > 0) {
        yield { kind: "reset", streamId: cursor, reason: "unknown_position" };
      } else if (entriesMissedAfter(after, position, null)) {
        yield { kind: "reset", streamId: cursor, reason: "expired" };
      } else {
        cursor = after;
        addedThroughCursor = null;
      }
      while (!ended()) {
        const page = await readPage(cursor);
        if (entriesMissedAfter(cursor, page.position, addedThroughCursor)) {
          // The follower fell further behind than the stream keeps: what it missed is gone.
          cursor = page.position.lastGeneratedId;
          addedThroughCursor = page.position.entriesAdded;
          yield { kind: "reset", streamId: cursor, reason: "expired" };
          continue;
        }
        const { entries } = page;
        if (addedThroughCursor !== null) addedThroughCursor += entries.length;
        for (const [id, fields] of entries) {
          cursor = id;
          const event = parseEntry(id, fields);
          if (event && accepts(event)) yield { kind: "event", streamId: id, event };
          if (ended()) return;
        }
        if (entries.length < pageSize) await tail.waitBeyond(cursor, stop);
      }
    } finally {
      release();
    }
  }

  return {
    follow,
    async close() {
      closing.abort();
      await tail.close();
    },
  };
}
