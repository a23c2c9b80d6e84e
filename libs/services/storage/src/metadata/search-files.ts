import type { FileMetadata, ObjectInfo, Page, searchFilesInputSchema } from "@cauldron/contracts";
import { containsPattern, decodeTimeCursor, pastTimeKey, preciseTime, toPage, type Database } from "@cauldron/db";
import { sql, type Transaction } from "kysely";
import type { z } from "zod";
import { objectView } from "../objects/object-row";
import { fileMetadataView } from "./file-metadata-queries";

type SearchFilesInput = z.output<typeof searchFilesInputSchema>;

// More words than this narrow nothing a person would type, and each costs a scan of the text.
const MAX_WORDS = 10;

function wordsOf(query: string | undefined): string[] {
  return [...new Set((query ?? "").toLowerCase().split(/\s+/).filter(Boolean))].slice(0, MAX_WORDS);
}

/**
 * The organization's files the caller may see, newest first: each word of the query in the
 * title, description or path, every tag given, the linked record, the bucket.
 */
export async function searchFiles(
  trx: Transaction<Database>,
  organizationId: string,
  input: SearchFilesInput,
): Promise<Page<ObjectInfo & { details: FileMetadata }>> {
  let query = trx
    .selectFrom("storage.objects as o")
    .innerJoin("storage.buckets as b", "b.id", "o.bucket_id")
    .leftJoin("file_metadata as m", "m.object_id", "o.id")
    .selectAll("o")
    .select(["b.name as bucket_name", "m.title", "m.description", "m.tags", "m.entity_type", "m.entity_id"])
    .select(["m.updated_at as described_at", preciseTime("o.created_at").as("position")])
    .where("o.organization_id", "=", organizationId)
    .where(pastTimeKey({ time: "o.created_at", id: "o.id" }, decodeTimeCursor(input.cursor), "before"));
  for (const word of wordsOf(input.query)) {
    const pattern = containsPattern(word);
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["m.title"]), "like", pattern),
        eb(eb.fn("lower", ["m.description"]), "like", pattern),
        eb(eb.fn("lower", ["o.name"]), "like", pattern),
      ]),
    );
  }
  if (input.tags?.length) query = query.where("m.tags", "@>", sql<string[]>`${input.tags}::text[]`);
  if (input.entity)
    query = query.where("m.entity_type", "=", input.entity.type).where("m.entity_id", "=", input.entity.id);
  if (input.bucket) query = query.where("b.name", "=", input.bucket);
  const rows = await query
    .orderBy("o.created_at", "desc")
    .orderBy("o.id", "desc")
    .limit(input.limit + 1)
    .execute();
  return toPage(
    rows,
    input.limit,
    ({
      bucket_name,
      title,
      description,
      tags,
      entity_type,
      entity_id,
      described_at,
      position: _position,
      ...object
    }) => ({
      ...objectView(object, bucket_name),
      details: fileMetadataView({ title, description, tags, entity_type, entity_id, updated_at: described_at }),
    }),
    (row) => ({ at: row.position, id: row.id }),
  );
}
