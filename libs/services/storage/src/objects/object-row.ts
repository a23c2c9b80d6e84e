import type { ObjectInfo } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Selectable } from "kysely";

export type ObjectRow = Selectable<Database["storage.objects"]>;

/** An object as clients see it, named by its bucket's name. */
export function objectView(row: ObjectRow, bucketName: string): ObjectInfo {
  return {
    id: row.id,
    bucket: bucketName,
    path: row.name,
    size: Number(row.size),
    mimeType: row.mime_type,
    checksum: row.checksum,
    cacheControl: row.cache_control,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
