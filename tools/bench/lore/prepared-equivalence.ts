import type { Database } from "@cauldron/db";
import type { Kysely } from "kysely";
import { isDeepStrictEqual } from "node:util";
import type { CorpusDocument } from "./corpus-document";
import { prepareDocuments } from "./prepared-documents";
import { readWrittenDocuments, type WrittenDocument } from "./written-document";

/** Documents created through lore.documents.create, and their ids. */
export interface ServiceCreated {
  documents: readonly CorpusDocument[];
  ids: readonly string[];
}

const comparable = (written: WrittenDocument) => ({
  content: written.document.content,
  chunks: written.chunks.map(({ metadata: _metadata, ...chunk }) => chunk),
});

/**
 * Fails unless `prepareDocuments` makes, for documents lore.documents.create wrote, the very text
 * and chunk rows the service wrote, so rows written in bulk are the service's rows.
 */
export async function checkPreparedAsService(ownerDb: Kysely<Database>, created: ServiceCreated): Promise<void> {
  const [prepared, written] = await Promise.all([
    prepareDocuments(created.documents),
    readWrittenDocuments(ownerDb, created.ids),
  ]);
  created.documents.forEach((document, index) => {
    if (!isDeepStrictEqual(comparable(written[index]!), comparable(prepared[index]!))) {
      throw new Error(
        `${document.source}: lore's text pipeline here gives other rows than lore.documents.create wrote`,
      );
    }
  });
}
