import type { Document } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import { sql } from "kysely";
import { documentUpdatedEvent } from "./document-events";
import { lockDocument } from "./document-lock";
import { loadDocument } from "./document-queries";
import { DOCUMENT_NOT_FOUND } from "./document-refusals";
import type { DocumentsCaller } from "./documents-caller";

/**
 * Archives a document (`archive: true`), remembering the status it had, or restores an archived
 * one to that status. Archiving an archived document, or restoring one that is not, changes
 * nothing and answers it as it is, so a retried call is harmless.
 */
export async function setDocumentArchived(
  caller: DocumentsCaller,
  documentId: string,
  archive: boolean,
): Promise<Document> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    const document = requireFound(await lockDocument(trx, organizationId, documentId), DOCUMENT_NOT_FOUND);
    const archived = document.status === "archived";
    if (archived !== archive) {
      await trx
        .updateTable("lore.documents")
        .set(
          archive
            ? { status: "archived", archived_at: sql<Date>`now()`, archived_from_status: document.status }
            : { status: document.archived_from_status ?? "published", archived_at: null, archived_from_status: null },
        )
        .where("organization_id", "=", organizationId)
        .where("id", "=", documentId)
        .execute();
    }
    const current = requireFound(await loadDocument(trx, organizationId, documentId), DOCUMENT_NOT_FOUND);
    if (archived === archive) return current;
    await caller.record(trx, {
      action: archive ? "document.archived" : "document.restored",
      target: { type: "document", id: documentId },
      metadata: { status: current.status },
      events: [documentUpdatedEvent(organizationId, current, ["status"], caller.actorUserId)],
    });
    return current;
  });
}
