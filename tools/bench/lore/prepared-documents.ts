import { loreEnvSchema } from "@cauldron/service-lore";
// lore's own extraction and chunking, so rows written here are the rows lore.documents.create writes.
// The service lib exports no text pipeline yet; this reaches into it.
import { chunkDocumentText, extractDocumentText } from "../../../libs/services/lore/src/documents/document-text";
import type { CorpusDocument } from "./corpus-document";
import type { WrittenDocument } from "./written-document";

/**
 * The document, version and chunk rows lore.documents.create would write for each document, by
 * lore's own extraction and chunking with the service's default settings (its LORE_* defaults).
 */
export async function prepareDocuments(documents: readonly CorpusDocument[]): Promise<WrittenDocument[]> {
  const config = loreEnvSchema.parse({});
  const prepared: WrittenDocument[] = [];
  for (const document of documents) {
    const text = await extractDocumentText(config, document);
    const chunks = chunkDocumentText(config, text, document.contentType);
    prepared.push({
      document: {
        title: document.title,
        content: text,
        contentType: document.contentType,
        status: "published",
        metadata: {},
      },
      versions: [{ version: 1, title: document.title, content: text, contentType: document.contentType, metadata: {} }],
      chunks: chunks.map((chunk) => ({
        version: 1,
        chunkIndex: chunk.index,
        content: chunk.content,
        tokenCount: chunk.tokenCount,
        startOffset: chunk.start,
        endOffset: chunk.end,
        metadata: {},
        headingPath: chunk.headingPath,
      })),
    });
  }
  return prepared;
}
