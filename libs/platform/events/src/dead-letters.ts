import type { Redis } from "ioredis";
import { z } from "zod";
import { isStreamId, type StreamId } from "./stream-position";

/** One delivery that kept failing, as the dead-letter stream keeps it; the event's payload stays out. */
export interface DeadLetter {
  /** The entry's id in the dead-letter stream: what a replay names. */
  deadLetterId: StreamId;
  /** The consumer group that failed it, the only one a replay delivers it to again. */
  group: string;
  eventType: string;
  eventId: string;
  attempts: number;
  failedAt: string;
  error: string;
  /** The stream the failed entry was read from: the event stream, or the group's replay stream. */
  stream: string;
}

// Written by this library, but read back from a store anyone can write to: missing fields read as empty.
const text = z.string().catch("");
const deadLetterFieldsSchema = z.object({
  group: text,
  type: text,
  id: text,
  attempts: z.coerce.number().int().nonnegative().catch(0),
  failedAt: text,
  error: text,
  stream: text,
});

const PAGE_SIZE = 200;

function fieldsOf(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) fields[flat[index] as string] = flat[index + 1] as string;
  return fields;
}

/** Reads one dead-letter stream entry (its id and flat field list, as XRANGE returns them). */
function deadLetterOf(deadLetterId: StreamId, flat: readonly string[]): DeadLetter {
  const fields = deadLetterFieldsSchema.parse(fieldsOf(flat));
  return {
    deadLetterId,
    group: fields.group,
    eventType: fields.type,
    eventId: fields.id,
    attempts: fields.attempts,
    failedAt: fields.failedAt,
    error: fields.error,
    stream: fields.stream,
  };
}

/** Walks the dead letters oldest first, optionally of one group only and up to a given id. */
export async function* readDeadLetters(
  redis: Redis,
  deadLetterKey: string,
  options: { group?: string; until?: StreamId } = {},
): AsyncGenerator<DeadLetter, void, undefined> {
  let start = "-";
  const end = options.until ?? "+";
  for (;;) {
    const page = await redis.xrange(deadLetterKey, start, end, "COUNT", PAGE_SIZE);
    for (const [id, flat] of page) {
      const deadLetter = deadLetterOf(id, flat);
      if (options.group === undefined || deadLetter.group === options.group) yield deadLetter;
    }
    const last = page.at(-1);
    if (page.length < PAGE_SIZE || !last) return;
    start = `(${last[0]}`;
  }
}

/** Reads one dead letter by its id; undefined when there is none (never was, or replayed since). */
export async function readDeadLetter(
  redis: Redis,
  deadLetterKey: string,
  deadLetterId: StreamId,
): Promise<DeadLetter | undefined> {
  // A bare millisecond id would name a range of entries, not one.
  if (!isStreamId(deadLetterId)) throw new TypeError(`not a dead-letter id: ${JSON.stringify(deadLetterId)}`);
  const [entry] = await redis.xrange(deadLetterKey, deadLetterId, deadLetterId);
  return entry ? deadLetterOf(entry[0], entry[1]) : undefined;
}

/** The oldest `limit` dead letters (of one group, when given), and how many the stream holds in all. */
export async function listDeadLetters(
  redis: Redis,
  deadLetterKey: string,
  options: { group?: string; limit?: number } = {},
): Promise<{ total: number; deadLetters: DeadLetter[] }> {
  const limit = options.limit ?? 50;
  const deadLetters: DeadLetter[] = [];
  if (limit > 0) {
    for await (const deadLetter of readDeadLetters(redis, deadLetterKey, { group: options.group })) {
      deadLetters.push(deadLetter);
      if (deadLetters.length >= limit) break;
    }
  }
  return { total: await redis.xlen(deadLetterKey), deadLetters };
}
