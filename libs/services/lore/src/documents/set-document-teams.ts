import type { Document } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import { assertTeamsKeepDocumentVisible } from "./caller-document-access";
import { assertLinkable, replaceTeams, sameIds } from "./document-links";
import { lockDocument } from "./document-lock";
import { loadDocument } from "./document-queries";
import { DOCUMENT_NOT_FOUND } from "./document-refusals";
import type { DocumentsCaller } from "./documents-caller";

/**
 * Replaces the teams that may see a document (none: the whole organization). Only a caller who
 * sees the document may, and only with teams of the organization that leave it visible to them.
 */
export async function setDocumentTeams(
  caller: DocumentsCaller,
  input: { id: string; teamIds: readonly string[] },
): Promise<Document> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    const document = requireFound(await lockDocument(trx, organizationId, input.id), DOCUMENT_NOT_FOUND);
    await assertLinkable(trx, organizationId, { teamIds: input.teamIds });
    if (sameIds(document.team_ids, input.teamIds)) {
      return requireFound(await loadDocument(trx, organizationId, document.id), DOCUMENT_NOT_FOUND);
    }
    await assertTeamsKeepDocumentVisible(trx, input.teamIds);
    await replaceTeams(trx, organizationId, document.id, input.teamIds);
    const updated = requireFound(await loadDocument(trx, organizationId, document.id), DOCUMENT_NOT_FOUND);
    await caller.record(trx, {
      action: "document.teams_set",
      target: { type: "document", id: document.id },
      metadata: { teamIds: updated.teamIds },
      events: [
        {
          name: "document.teams_set",
          payload: {
            organizationId,
            documentId: document.id,
            teamIds: updated.teamIds,
            teamIdsAsOf: updated.updatedAt.toISOString(),
          },
        },
      ],
    });
    return updated;
  });
}
