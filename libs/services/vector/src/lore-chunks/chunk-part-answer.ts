import type { Database } from "@cauldron/db";
import { publishEvent, type EventPayload } from "@cauldron/events";
import type { Transaction } from "kysely";

/** One part of a version's chunks, as lore sent it. */
export type ChunkPart = EventPayload<"chunks.changed">;

/** How handling a part ended: its chunks embedded (new text) and reused (kept embeddings), or why it failed. */
export type PartOutcome =
  { outcome: "indexed"; embedded: number; reused: number } | { outcome: "failed"; error: string };

/** Answers lore's part with `document_chunks.embedded`, in the transaction that wrote its outcome. */
export async function answerChunkPart(trx: Transaction<Database>, part: ChunkPart, result: PartOutcome): Promise<void> {
  const indexed = result.outcome === "indexed";
  await publishEvent(
    trx,
    "document_chunks.embedded",
    {
      organizationId: part.organizationId,
      documentId: part.documentId,
      version: part.version,
      part: part.part,
      parts: part.parts,
      outcome: result.outcome,
      error: indexed ? null : result.error,
      embedded: indexed ? result.embedded : 0,
      reused: indexed ? result.reused : 0,
    },
    { aggregate: { type: "document", id: part.documentId } },
  );
}
