import type { Bucket } from "@cauldron/contracts";
import type { Database } from "@cauldron/db";
import type { Selectable } from "kysely";

export type BucketRow = Selectable<Database["storage.buckets"]>;

/** A bucket as clients see it: its name doubles as its id, as in Supabase's API. */
export function bucketView(row: BucketRow): Bucket {
  return {
    id: row.name,
    name: row.name,
    public: row.public,
    fileSizeLimit: row.file_size_limit === null ? null : Number(row.file_size_limit),
    allowedMimeTypes: row.allowed_mime_types,
    defaultAccess: row.default_access as Bucket["defaultAccess"],
    knowledgeSource: row.knowledge_source,
    owner: row.owner,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
