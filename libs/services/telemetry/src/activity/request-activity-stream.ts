import { requestActivityBatchSchema, type RequestActivityBatch } from "@cauldron/contracts";
import type { Redis } from "ioredis";
import { z } from "zod";

/** The consumer group telemetry drains the request activity stream with. */
export const REQUEST_ACTIVITY_GROUP = "telemetry-request-activity";
// Only the job's leader reads, so every replica reads as one consumer: a new leader finds what an
// earlier one read but did not store among that consumer's pending entries.
const CONSUMER = "drain";

/** One stream entry: its id, and its batch (null when it was trimmed or is not a valid batch). */
export interface ActivityStreamEntry {
  entryId: string;
  batch: RequestActivityBatch | null;
}

const readReplySchema = z
  .array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.array(z.string()).nullable()]))]))
  .nullable();

function batchOf(fields: string[] | null): RequestActivityBatch | null {
  const at = fields?.indexOf("data") ?? -1;
  const data = at >= 0 ? fields?.[at + 1] : undefined;
  if (data === undefined) return null;
  try {
    const parsed = requestActivityBatchSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Creates the consumer group (reading from the stream's start) unless it exists. */
export async function ensureActivityGroup(redis: Redis, streamKey: string): Promise<void> {
  try {
    await redis.xgroup("CREATE", streamKey, REQUEST_ACTIVITY_GROUP, "0", "MKSTREAM");
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
  }
}

/**
 * Reads up to `count` entries: with `from` "pending" those read before but never acknowledged,
 * else new ones. Does not block.
 */
export async function readActivityEntries(
  redis: Redis,
  streamKey: string,
  from: "pending" | "new",
  count: number,
): Promise<ActivityStreamEntry[]> {
  const reply = await redis.xreadgroup(
    "GROUP",
    REQUEST_ACTIVITY_GROUP,
    CONSUMER,
    "COUNT",
    count,
    "STREAMS",
    streamKey,
    from === "pending" ? "0" : ">",
  );
  const streams = readReplySchema.parse(reply) ?? [];
  return streams.flatMap(([, entries]) => entries.map(([entryId, fields]) => ({ entryId, batch: batchOf(fields) })));
}

/** Acknowledges entries that are stored (or could never be). */
export async function acknowledgeActivityEntries(redis: Redis, streamKey: string, entryIds: string[]): Promise<void> {
  if (entryIds.length > 0) await redis.xack(streamKey, REQUEST_ACTIVITY_GROUP, ...entryIds);
}
