import type { CreateDocumentFromContent, Document } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { LoreRuntime } from "../lore-runtime";
import { assertTeamsKeepDocumentVisible } from "./caller-document-access";
import { chunkPartCount } from "./chunk-changes";
import { insertChunks } from "./chunk-rows";
import { chunksChangedEvents } from "./document-events";
import { assertLinkable, replaceCategories, replaceTags, replaceTeams } from "./document-links";
import { loadDocument } from "./document-queries";
import { DOCUMENT_NOT_FOUND, isSlugTaken, slugTaken } from "./document-refusals";
import { chunkDocumentText, extractDocumentText } from "./document-text";
import type { DocumentsCaller } from "./documents-caller";

/**
 * Creates a document: its text is extracted and chunked first, then the document, its first
 * version, chunks, categories, tags and teams are written in one transaction with the events
 * that send every chunk to the vector service.
 */
export async function createDocument(
  runtime: LoreRuntime,
  caller: DocumentsCaller,
  input: CreateDocumentFromContent,
): Promise<Document> {
  const { config } = runtime;
  const text = await extractDocumentText(config, input);
  const chunks = chunkDocumentText(config, text, input.contentType, input.chunking);
  const { organizationId } = caller;
  const teamIds = input.teamIds ?? [];
  const metadata = input.metadata ?? {};
  try {
    return await caller.tenant(async (trx) => {
      await assertLinkable(trx, organizationId, input);
      await assertTeamsKeepDocumentVisible(trx, teamIds);
      const created = await trx
        .insertInto("lore.documents")
        .values({
          organization_id: organizationId,
          title: input.title,
          slug: input.slug ?? null,
          content: text,
          content_type: input.contentType,
          status: input.status,
          metadata: JSON.stringify(metadata),
          created_by: caller.actorUserId,
          current_version: 1,
          index_status: "pending",
          index_parts_pending: chunkPartCount(chunks.length),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const documentId = created.id;
      await trx
        .insertInto("lore.document_versions")
        .values({
          organization_id: organizationId,
          document_id: documentId,
          version: 1,
          title: input.title,
          content: text,
          content_type: input.contentType,
          metadata: JSON.stringify(metadata),
          created_by: caller.actorUserId,
        })
        .execute();
      const stored = await insertChunks(trx, { organizationId, documentId, version: 1 }, chunks);
      if (input.categoryIds?.length) await replaceCategories(trx, organizationId, documentId, input.categoryIds);
      if (input.tagIds?.length) await replaceTags(trx, organizationId, documentId, input.tagIds);
      if (teamIds.length > 0) await replaceTeams(trx, organizationId, documentId, teamIds);
      const document = requireFound(await loadDocument(trx, organizationId, documentId), DOCUMENT_NOT_FOUND);
      await caller.record(trx, {
        action: "document.created",
        target: { type: "document", id: documentId },
        metadata: { title: document.title, contentType: document.contentType, chunks: stored.length },
        events: [
          {
            name: "document.created",
            payload: {
              organizationId,
              documentId,
              title: document.title,
              createdByUserId: caller.actorUserId,
              teamIds: document.teamIds,
            },
          },
          ...chunksChangedEvents(organizationId, document, {
            changes: stored.map((chunk) => ({ kind: "embed", chunkId: chunk.id, content: chunk.content })),
            drop: [],
          }),
        ],
      });
      return document;
    });
  } catch (error) {
    if (input.slug !== undefined && isSlugTaken(error)) throw slugTaken(input.slug);
    throw error;
  }
}
