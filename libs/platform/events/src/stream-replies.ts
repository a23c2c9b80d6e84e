/** One stream entry: its Redis id and its field/value pairs (null once trimmed from the stream). */
export interface StreamEntry {
  entryId: string;
  fields: Record<string, string> | null;
}

/** One entry of a consumer group's pending list, from extended XPENDING. */
export interface PendingEntry {
  entryId: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

/** Reads the entries out of an XREADGROUP reply (null when the block timed out), each with the stream it came from. */
export function entriesOfReadReply(reply: unknown): { streamKey: string; entry: StreamEntry }[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((stream: unknown) =>
    Array.isArray(stream)
      ? entriesOfClaimReply(stream[1]).map((entry) => ({ streamKey: String(stream[0]), entry }))
      : [],
  );
}

/** Reads the entries out of an XCLAIM reply, which is also the entry list of an XREADGROUP stream. */
export function entriesOfClaimReply(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((entry: unknown): StreamEntry[] => {
    if (!Array.isArray(entry) || typeof entry[0] !== "string") return [];
    const [entryId, flat] = entry as [string, unknown];
    if (!Array.isArray(flat)) return [{ entryId, fields: null }];
    const fields: Record<string, string> = {};
    for (let index = 0; index + 1 < flat.length; index += 2) {
      fields[String(flat[index])] = String(flat[index + 1]);
    }
    return [{ entryId, fields }];
  });
}

/** Reads the entries out of an extended XPENDING reply. */
export function entriesOfPendingReply(reply: unknown): PendingEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length < 4) return [];
    const [entryId, consumer, idleMs, deliveries] = entry as unknown[];
    return [
      {
        entryId: String(entryId),
        consumer: String(consumer),
        idleMs: Number(idleMs),
        deliveries: Number(deliveries),
      },
    ];
  });
}
