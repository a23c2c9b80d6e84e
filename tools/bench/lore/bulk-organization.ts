import { count } from "../vector/findings-table";
import type { BenchTenant } from "../vector/vector-bench-stack";
import { bulkWriteDocuments } from "./bulk-documents";
import { checkEmbeddingsAsConsumer, embedChunksAsLore } from "./chunk-embeddings";
import type { CorpusDocument } from "./corpus-document";
import { createThroughService } from "./load-organization";
import type { LoreBenchStack } from "./lore-bench-stack";
import { checkPreparedAsService, type ServiceCreated } from "./prepared-equivalence";
import { prepareDocuments } from "./prepared-documents";

/**
 * Adds many documents to the organization in bulk, ending where creating them one by one would
 * end: lore's own extraction and chunking, rows written by SQL as lore.documents.create writes
 * them, chunks embedded by vector with the organization's default model under the consumer's
 * metadata, documents indexed. Checked first against `reference`, documents the service created
 * in the same organization (same rows; embeddings of the same shape). Creating thousands one by
 * one takes one event round trip per document part, minutes the bench's budget does not have.
 * Returns the new ids.
 */
export async function addInBulk(
  stack: LoreBenchStack,
  tenant: BenchTenant,
  documents: readonly CorpusDocument[],
  reference: ServiceCreated,
  progress: (text: string) => void,
): Promise<string[]> {
  const { ownerDb } = stack.database;
  await checkPreparedAsService(ownerDb, reference);
  progress(
    `checked: lore's text pipeline gives the rows lore.documents.create wrote for ${reference.ids.length} documents; ` +
      `extracting and chunking ${count(documents.length)} more`,
  );
  const prepared = await prepareDocuments(documents);
  progress("writing them by SQL as lore.documents.create does");
  const written = await bulkWriteDocuments(stack.database.db, tenant, prepared, { indexed: true }, progress);
  progress(`embedding their ${count(written.chunks.length)} chunks through vector.embeddings.upsert`);
  await embedChunksAsLore(await stack.vectorClient(tenant), ownerDb, tenant.organizationId, written.chunks, progress);
  const referenceChunk = await ownerDb
    .selectFrom("lore.document_chunks")
    .select("id")
    .where("document_id", "in", reference.ids)
    .limit(1)
    .executeTakeFirstOrThrow();
  await checkEmbeddingsAsConsumer(ownerDb, tenant.organizationId, referenceChunk.id, written.chunks[0]!.chunkId);
  progress("VACUUM ANALYZE of the lore tables and embeddings, as autovacuum leaves them after a bulk load");
  await stack.settleTables();
  return written.ids;
}

/** A few documents of each content type, to create through the service as the bulk's reference. */
export function referenceSample(documents: readonly CorpusDocument[], perContentType = 3): number[] {
  const types = [...new Set(documents.map((document) => document.contentType))];
  return types.flatMap((type) =>
    documents.flatMap((document, index) => (document.contentType === type ? [index] : [])).slice(0, perContentType),
  );
}

/** An organization filled by `populateOrganization`: ids in the order given, and the service-created reference. */
export interface PopulatedOrganization {
  ids: string[];
  reference: ServiceCreated;
}

/**
 * Fills the organization with the documents: a few of each content type through
 * lore.documents.create (indexed and extracted by the services' consumers), the rest `addInBulk`
 * against them.
 */
export async function populateOrganization(
  stack: LoreBenchStack,
  tenant: BenchTenant,
  documents: readonly CorpusDocument[],
  progress: (text: string) => void,
): Promise<PopulatedOrganization> {
  const sample = referenceSample(documents);
  const chosen = new Set(sample);
  const referenceDocuments = sample.map((index) => documents[index]!);
  const reference = {
    documents: referenceDocuments,
    ids: await createThroughService(stack, tenant, referenceDocuments, progress),
  };
  const restIndexes = documents.flatMap((_, index) => (chosen.has(index) ? [] : [index]));
  const restIds = await addInBulk(
    stack,
    tenant,
    restIndexes.map((index) => documents[index]!),
    reference,
    progress,
  );
  const ids = new Array<string>(documents.length);
  sample.forEach((index, position) => (ids[index] = reference.ids[position]!));
  restIndexes.forEach((index, position) => (ids[index] = restIds[position]!));
  return { ids, reference };
}
