import type { FileMetadata } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Selectable, Transaction } from "kysely";

export type FileMetadataRow = Selectable<Database["file_metadata"]>;

/** The descriptive columns of a file, null throughout when read through a join that found none. */
export interface FileMetadataColumns {
  title: string | null;
  description: string | null;
  tags: string[] | null;
  entity_type: string | null;
  entity_id: string | null;
  updated_at: Date | null;
}

/** The description of an object, as the caller may see it; undefined when it has none yet. */
export async function findFileMetadata(
  trx: Transaction<Database>,
  objectId: string,
): Promise<FileMetadataRow | undefined> {
  return trx.selectFrom("file_metadata").selectAll().where("object_id", "=", objectId).executeTakeFirst();
}

/** A file's description as clients see it; an object never described reads as empty. */
export function fileMetadataView(row: FileMetadataColumns | undefined): FileMetadata {
  return {
    title: row?.title ?? null,
    description: row?.description ?? null,
    tags: row?.tags ?? [],
    entity: row?.entity_type && row.entity_id ? { type: row.entity_type, id: row.entity_id } : null,
    updatedAt: row?.updated_at ?? null,
  };
}
