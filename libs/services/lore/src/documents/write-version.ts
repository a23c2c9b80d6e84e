import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import {
  chunkChangesOf,
  chunkHash,
  chunkPartCount,
  embeddingEntityOf,
  planChunkLineage,
  type VersionChunkChanges,
} from "./chunk-changes";
import { chunkHashes, copyChunksToVersion, insertChunks, type ChunkDraft, type VersionChunks } from "./chunk-rows";
import type { LockedDocument } from "./document-lock";

/** What a new version of a document holds. */
export interface NextVersion {
  title: string;
  text: string;
  contentType: string;
  metadata: Record<string, unknown>;
  changeNote: string | null;
  /** The new text's chunks, or null to carry the current version's chunks over (the text is unchanged). */
  chunks: readonly ChunkDraft[] | null;
}

/** The version written and what the vector service must do with its chunks. */
export interface WrittenVersion {
  version: number;
  chunkChanges: VersionChunkChanges;
}

/** Stores the new version's chunks, each whose text the current version has keeping that chunk's embedding. */
async function writeChunks(
  trx: Transaction<Database>,
  current: VersionChunks,
  target: VersionChunks,
  drafts: readonly ChunkDraft[],
): Promise<VersionChunkChanges> {
  const lineage = planChunkLineage(
    await chunkHashes(trx, current),
    drafts.map((draft) => chunkHash(draft.content)),
  );
  const embeddedAs = lineage.keptFrom.map((chunk) => chunk && embeddingEntityOf(chunk));
  const stored = await insertChunks(trx, target, drafts, embeddedAs);
  return { changes: chunkChangesOf(stored, lineage.keptFrom), drop: lineage.drop };
}

/**
 * Writes the next version of a locked document: its version row, its chunks (a chunk whose text
 * the current version has keeps that chunk's embedding) and the document row itself, whose
 * indexing is pending until the vector service answers every part.
 */
export async function writeNextVersion(
  trx: Transaction<Database>,
  who: { organizationId: string; actorUserId: string | null },
  document: LockedDocument,
  next: NextVersion,
): Promise<WrittenVersion> {
  const { organizationId } = who;
  const version = document.current_version + 1;
  const current = { organizationId, documentId: document.id, version: document.current_version };
  await trx
    .insertInto("lore.document_versions")
    .values({
      organization_id: organizationId,
      document_id: document.id,
      version,
      title: next.title,
      content: next.text,
      content_type: next.contentType,
      metadata: JSON.stringify(next.metadata),
      change_note: next.changeNote,
      created_by: who.actorUserId,
    })
    .execute();
  const chunkChanges: VersionChunkChanges = next.chunks
    ? await writeChunks(trx, current, { organizationId, documentId: document.id, version }, next.chunks)
    : {
        changes: (await copyChunksToVersion(trx, current, version)).map((pair) => ({ kind: "keep", ...pair })),
        drop: [],
      };
  await trx
    .updateTable("lore.documents")
    .set({
      title: next.title,
      content: next.text,
      content_type: next.contentType,
      metadata: JSON.stringify(next.metadata),
      current_version: version,
      index_status: "pending",
      index_error: null,
      index_parts_pending: chunkPartCount(chunkChanges.changes.length, chunkChanges.drop.length),
    })
    .where("organization_id", "=", organizationId)
    .where("id", "=", document.id)
    .execute();
  return { version, chunkChanges };
}
