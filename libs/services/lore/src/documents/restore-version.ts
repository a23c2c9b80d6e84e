import type { Document } from "@cauldron/contracts";
import type { LoreRuntime } from "../lore-runtime";
import { commitDocumentEdit } from "./commit-document-edit";
import { staleVersion } from "./document-refusals";
import { chunkDocumentText } from "./document-text";
import type { DocumentsCaller } from "./documents-caller";
import { requireCurrentVersion, requireVersion } from "./version-queries";

/**
 * Makes a new version whose title, text, content type and metadata are those of an earlier one,
 * through the same checks and chunk reuse as any other edit; restoring what the document already
 * holds changes nothing.
 */
export async function restoreDocumentVersion(
  runtime: LoreRuntime,
  caller: DocumentsCaller,
  input: { id: string; version: number; expectedVersion: number },
): Promise<Document> {
  const { organizationId } = caller;
  const { restored, current } = await caller.tenant(async (trx) => ({
    restored: await requireVersion(trx, organizationId, input.id, input.version),
    current: await requireCurrentVersion(trx, organizationId, input.id),
  }));
  if (current !== input.expectedVersion) throw staleVersion(input.expectedVersion, current);
  return commitDocumentEdit(caller, {
    id: input.id,
    expectedVersion: input.expectedVersion,
    title: restored.title,
    text: {
      text: restored.content,
      contentType: restored.contentType,
      chunks: chunkDocumentText(runtime.config, restored.content, restored.contentType),
    },
    rechunked: false,
    metadata: restored.metadata,
    changeNote: `Restored from version ${input.version}`,
  });
}
