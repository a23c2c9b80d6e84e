import { count } from "../vector/findings-table";
import type { BenchTenant } from "../vector/vector-bench-stack";
import type { CorpusDocument } from "./corpus-document";
import { createDocuments } from "./create-documents";
import { waitUntilExtracted } from "./extraction-progress";
import { waitUntilIndexed } from "./index-progress";
import type { LoreBenchStack } from "./lore-bench-stack";

/** Concurrent clients that fill an organization through lore.documents.create. */
export const LOADING_CLIENTS = 4;

/**
 * Adds the documents to the organization through lore.documents.create and waits until every one
 * is indexed and extracted, so what is measured next runs on a settled organization. Returns the ids.
 */
export async function createThroughService(
  stack: LoreBenchStack,
  tenant: BenchTenant,
  documents: readonly CorpusDocument[],
  progress: (text: string) => void,
): Promise<string[]> {
  const clients = await Promise.all(Array.from({ length: LOADING_CLIENTS }, () => stack.loreClient(tenant)));
  progress(`creating ${count(documents.length)} documents through lore.documents.create (${LOADING_CLIENTS} clients)`);
  const created = await createDocuments(clients, documents, progress);
  const indexed = await waitUntilIndexed(stack.database.ownerDb, tenant.organizationId, progress);
  const extracted = indexed + (await waitUntilExtracted(stack, progress));
  progress(
    `created in ${created.seconds.toFixed(1)} s (${count(documents.length / created.seconds)}/s); ` +
      `all indexed ${indexed.toFixed(1)} s and extracted ${extracted.toFixed(1)} s after the last create`,
  );
  return created.ids;
}
