import type { upsertEmbeddingsInputSchema, upsertEmbeddingsOutputSchema } from "@cauldron/contracts";
import { invalidFields, requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import type { VectorRuntime } from "../vector-runtime";
import { COLLECTION_NOT_FOUND, unusableMetadataSchema } from "../collections/collection-refusals";
import { MetadataSchemaError, type CompiledMetadataSchema } from "../collections/metadata-schema";
import type { MetadataValidators } from "../collections/metadata-validators";
import { addToCollection, holdCollection, writeEmbeddings, type EmbeddingWrite } from "./embedding-writes";
import { resolveEmbeddingTarget, type EmbeddingTarget } from "./embedding-target";
import type { EmbeddingsCaller } from "./embeddings-caller";
import { embedTexts } from "./server-embedding";
import { upsertItemIssues } from "./upsert-checks";
import { embeddingKey, foldDuplicateItems, type FoldedItems } from "./upsert-items";

type UpsertInput = z.infer<typeof upsertEmbeddingsInputSchema>;
type UpsertOutput = z.infer<typeof upsertEmbeddingsOutputSchema>;

/** What an upsert needs besides its caller: the runtime (quotas, providers) and the collections' compiled schemas. */
export interface UpsertServices {
  runtime: VectorRuntime;
  metadataValidators: MetadataValidators;
}

function metadataSchemaOf(services: UpsertServices, target: EmbeddingTarget): CompiledMetadataSchema | null {
  if (!target.collection) return null;
  try {
    return services.metadataValidators.forCollection(target.collection);
  } catch (error) {
    if (error instanceof MetadataSchemaError) throw unusableMetadataSchema(error);
    throw error;
  }
}

// Items that came without a vector are embedded by the model, all in one provider call.
async function rowsToWrite(
  services: UpsertServices,
  caller: EmbeddingsCaller,
  target: EmbeddingTarget,
  folded: FoldedItems,
  signal: AbortSignal | undefined,
): Promise<EmbeddingWrite[]> {
  const missing = folded.unique.filter((item) => item.vector === undefined);
  const embedded =
    missing.length === 0
      ? []
      : await embedTexts(
          services.runtime,
          target.model,
          caller.organizationId,
          missing.map((item) => item.content),
          signal,
        );
  let next = 0;
  return folded.unique.map((item) => ({
    content: item.content,
    vector: item.vector ?? embedded[next++]!,
    metadata: item.metadata ?? {},
    entityType: item.entityType ?? null,
    entityId: item.entityId ?? null,
  }));
}

/**
 * Stores items under a model or a collection's model. Everything is checked before anything is
 * embedded or written; text is embedded outside the transaction; rows are written with one
 * multi-row upsert, linked to the collection, and announced by one `embedding.upserted`.
 */
export async function upsertEmbeddings(
  services: UpsertServices,
  caller: EmbeddingsCaller,
  input: UpsertInput,
  signal: AbortSignal | undefined,
): Promise<UpsertOutput> {
  const { organizationId } = caller;
  const target = await caller.tenant((trx) => resolveEmbeddingTarget(trx, organizationId, input));
  const issues = upsertItemIssues(input.items, target.model, metadataSchemaOf(services, target));
  if (issues.length > 0) throw invalidFields(issues);
  const folded = foldDuplicateItems(input.items);
  const rows = await rowsToWrite(services, caller, target, folded, signal);
  const { model, collection } = target;

  return caller.tenant(async (trx) => {
    if (collection) requireFound(await holdCollection(trx, organizationId, collection.id), COLLECTION_NOT_FOUND);
    const written = await writeEmbeddings(trx, organizationId, model, rows);
    const byKey = new Map(written.map((row) => [embeddingKey(row.content_hash, row.entity_type, row.entity_id), row]));
    const slots = folded.unique.map((item) => byKey.get(item.key)!);
    const embeddingIds = slots.map((row) => row.id);
    if (collection) await addToCollection(trx, organizationId, collection.id, embeddingIds);
    const created = slots.filter((row) => row.created).length;
    await caller.record(trx, {
      action: "embedding.upserted",
      target: collection ? { type: "collection", id: collection.id } : { type: "embedding_model", id: model.id },
      metadata: { modelId: model.id, collectionId: collection?.id ?? null, items: slots.length, created },
      events: [
        {
          name: "embedding.upserted",
          payload: { organizationId, modelId: model.id, collectionId: collection?.id ?? null, embeddingIds, created },
        },
      ],
    });
    return {
      modelId: model.id,
      items: folded.slotOf.map((slot) => ({ id: slots[slot]!.id, created: slots[slot]!.created })),
    };
  });
}
