import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";

const READ_BATCH = 500;

/** What lore wrote for one document: the rows the SQL baseline writes again, chunker output included. */
export interface WrittenDocument {
  document: { title: string; content: string; contentType: string; status: string; metadata: unknown };
  versions: { version: number; title: string; content: string; contentType: string; metadata: unknown }[];
  chunks: {
    version: number;
    chunkIndex: number;
    content: string;
    tokenCount: number | null;
    startOffset: number;
    endOffset: number;
    metadata: unknown;
    headingPath: string[];
  }[];
}

/** Reads back the document, version and chunk rows lore wrote for these documents, in their order. */
export async function readWrittenDocuments(
  ownerDb: Kysely<Database>,
  ids: readonly string[],
): Promise<WrittenDocument[]> {
  const written = new Map<string, WrittenDocument>();
  for (let from = 0; from < ids.length; from += READ_BATCH) {
    const batch = ids.slice(from, from + READ_BATCH);
    const [documents, versions, chunks] = await Promise.all([
      ownerDb
        .selectFrom("lore.documents")
        .select(["id", "title", "content", "content_type", "status", "metadata"])
        .where("id", "in", batch)
        .execute(),
      ownerDb
        .selectFrom("lore.document_versions")
        .select(["document_id", "version", "title", "content", "content_type", "metadata"])
        .where("document_id", "in", batch)
        .execute(),
      ownerDb
        .selectFrom("lore.document_chunks")
        .select([
          "document_id",
          "version",
          "chunk_index",
          "content",
          "token_count",
          "start_offset",
          "end_offset",
          "metadata",
          "heading_path",
        ])
        .where("document_id", "in", batch)
        .orderBy("chunk_index")
        .execute(),
    ]);
    for (const row of documents) {
      written.set(row.id, {
        document: {
          title: row.title,
          content: row.content,
          contentType: row.content_type,
          status: row.status,
          metadata: row.metadata,
        },
        versions: [],
        chunks: [],
      });
    }
    for (const row of versions) {
      written.get(row.document_id)?.versions.push({
        version: row.version,
        title: row.title,
        content: row.content,
        contentType: row.content_type,
        metadata: row.metadata,
      });
    }
    for (const row of chunks) {
      written.get(row.document_id)?.chunks.push({
        version: row.version,
        chunkIndex: row.chunk_index,
        content: row.content,
        tokenCount: row.token_count,
        startOffset: row.start_offset,
        endOffset: row.end_offset,
        metadata: row.metadata,
        headingPath: row.heading_path,
      });
    }
  }
  return ids.map((id) => {
    const found = written.get(id);
    if (!found) throw new Error(`document ${id} was not written`);
    return found;
  });
}
