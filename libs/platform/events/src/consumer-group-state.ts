import type { Redis } from "ioredis";

/** How far one consumer group is behind the stream, as Redis counts it. */
export interface ConsumerGroupState {
  /** Entries appended but not yet read by the group; null when Redis cannot tell (after trimming or deletions). */
  lag: number | null;
  /** Entries read but not yet acknowledged (in a handler, or waiting for a retry). */
  pending: number;
}

function fieldsOf(reply: unknown): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  if (!Array.isArray(reply)) return fields;
  for (let index = 0; index + 1 < reply.length; index += 2) fields.set(String(reply[index]), reply[index + 1]);
  return fields;
}

/** Reads a group's lag and pending count (XINFO GROUPS, Redis 7+); undefined when the stream or group does not exist. */
export async function readConsumerGroupState(
  redis: Redis,
  streamKey: string,
  group: string,
): Promise<ConsumerGroupState | undefined> {
  let reply: unknown;
  try {
    reply = await redis.call("XINFO", "GROUPS", streamKey);
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return undefined;
    throw error;
  }
  if (!Array.isArray(reply)) return undefined;
  for (const entry of reply) {
    const fields = fieldsOf(entry);
    if (String(fields.get("name")) !== group) continue;
    const lag = fields.get("lag");
    return { lag: lag === null || lag === undefined ? null : Number(lag), pending: Number(fields.get("pending") ?? 0) };
  }
  return undefined;
}
