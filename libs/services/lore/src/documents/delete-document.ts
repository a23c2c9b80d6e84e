import { requireFound } from "@cauldron/rpc";
import { DOCUMENT_NOT_FOUND } from "./document-refusals";
import type { DocumentsCaller } from "./documents-caller";

/**
 * Deletes a document for good: its versions, chunks and links go with it. `document.deleted`
 * names its teams, so only those who could see it are told, and the vector service drops its
 * chunks' embeddings.
 */
export async function deleteDocument(caller: DocumentsCaller, documentId: string): Promise<{ id: string }> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    const deleted = requireFound(
      await trx
        .deleteFrom("lore.documents")
        .where("organization_id", "=", organizationId)
        .where("id", "=", documentId)
        .returning(["id", "title", "team_ids"])
        .executeTakeFirst(),
      DOCUMENT_NOT_FOUND,
    );
    await caller.record(trx, {
      action: "document.deleted",
      target: { type: "document", id: deleted.id },
      metadata: { title: deleted.title },
      events: [
        {
          name: "document.deleted",
          payload: {
            organizationId,
            documentId: deleted.id,
            deletedByUserId: caller.actorUserId,
            teamIds: deleted.team_ids,
          },
        },
      ],
    });
    return { id: deleted.id };
  });
}
