import type { Redis } from "ioredis";

/** A Redis Stream entry id, "<milliseconds>-<sequence>", as the stream assigns it on append. */
export type StreamId = string;

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

/** Whether `value` is a complete stream entry id (no "*", "$" or bare milliseconds). */
export function isStreamId(value: string): value is StreamId {
  return STREAM_ID.test(value);
}

function parts(id: StreamId): [bigint, bigint] {
  const match = STREAM_ID.exec(id);
  if (!match) throw new TypeError(`not a stream entry id: ${JSON.stringify(id)}`);
  return [BigInt(match[1] as string), BigInt(match[2] as string)];
}

/** Orders two stream ids the way the stream does: negative, zero or positive. */
export function compareStreamIds(left: StreamId, right: StreamId): number {
  const [leftMs, leftSeq] = parts(left);
  const [rightMs, rightSeq] = parts(right);
  if (leftMs !== rightMs) return leftMs < rightMs ? -1 : 1;
  if (leftSeq !== rightSeq) return leftSeq < rightSeq ? -1 : 1;
  return 0;
}

/** Where a stream stands, as XINFO STREAM reports it. */
export interface StreamPosition {
  /** The last id the stream handed out, even if that entry is gone since. */
  lastGeneratedId: StreamId;
  /** The oldest entry still held, or null when none is. */
  firstId: StreamId | null;
  /** How many entries the stream holds. */
  length: number;
  /** How many entries were ever appended (Redis 7), or null when Redis does not say. */
  entriesAdded: number | null;
  /** The highest id XDEL removed (Redis 7 does not count trimming here). */
  maxDeletedId: StreamId;
}

const EMPTY_POSITION: StreamPosition = {
  lastGeneratedId: "0-0",
  firstId: null,
  length: 0,
  entriesAdded: 0,
  maxDeletedId: "0-0",
};

/**
 * Reads the stream's position with XINFO STREAM. A stream that does not exist yet stands at 0-0.
 */
export async function readStreamPosition(redis: Redis, streamKey: string): Promise<StreamPosition> {
  try {
    return streamPositionFrom(await redis.call("XINFO", "STREAM", streamKey));
  } catch (error) {
    return positionOfMissingStream(error);
  }
}

/** The position of a stream XINFO STREAM could not describe: 0-0 when it does not exist yet, else the error. */
export function positionOfMissingStream(error: unknown): StreamPosition {
  if (error instanceof Error && /no such key/i.test(error.message)) return EMPTY_POSITION;
  throw error;
}

/** The position in an XINFO STREAM reply. */
export function streamPositionFrom(reply: unknown): StreamPosition {
  const items = Array.isArray(reply) ? (reply as unknown[]) : [];
  const fields = new Map<string, unknown>();
  for (let index = 0; index + 1 < items.length; index += 2) fields.set(String(items[index]), items[index + 1]);
  const firstEntry = fields.get("first-entry");
  const entriesAdded = fields.get("entries-added");
  return {
    lastGeneratedId: String(fields.get("last-generated-id") ?? "0-0"),
    firstId: Array.isArray(firstEntry) ? String(firstEntry[0]) : null,
    length: Number(fields.get("length") ?? 0),
    entriesAdded: entriesAdded === undefined ? null : Number(entriesAdded),
    maxDeletedId: String(fields.get("max-deleted-entry-id") ?? "0-0"),
  };
}

/**
 * Whether entries after `cursor` are gone from the stream. Trimming removes from the head, so
 * nothing after the cursor is gone while the oldest entry held is at or before it. Past that,
 * `addedThroughCursor` (entries ever appended up to the cursor, when the reader knows it) decides
 * exactly: more appended since than the stream holds means some were trimmed. Without it, the
 * cursor counts as overtaken once anything was ever trimmed, which may ask a reader at the very
 * edge of the retention window to start over when it need not.
 */
export function entriesMissedAfter(
  cursor: StreamId,
  position: StreamPosition,
  addedThroughCursor: number | null,
): boolean {
  if (compareStreamIds(position.maxDeletedId, cursor) > 0) return true;
  if (position.firstId !== null && compareStreamIds(position.firstId, cursor) <= 0) return false;
  if (compareStreamIds(position.lastGeneratedId, cursor) <= 0) return false;
  const added = position.entriesAdded;
  if (added === null) return true;
  if (addedThroughCursor !== null) return added - addedThroughCursor > position.length;
  return added > position.length;
}
