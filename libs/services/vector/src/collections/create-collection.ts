import type { Collection, createCollectionInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { isCollectionNameTaken, loadCollection } from "./collection-queries";
import { COLLECTION_NOT_FOUND, collectionNameTaken, invalidMetadataSchema } from "./collection-refusals";
import type { CollectionsCaller } from "./collections-caller";
import { compileMetadataSchema, MetadataSchemaError } from "./metadata-schema";
import { storableJsonProblem } from "./storable-json";
import { writableModel } from "./writable-model";

/** Checks that a metadata schema can be stored and compiles, answering BAD_REQUEST on `metadataSchema` when not. */
export function assertUsableMetadataSchema(schema: Record<string, unknown>): void {
  const problem = storableJsonProblem(schema);
  if (problem) throw invalidMetadataSchema(new MetadataSchemaError(problem));
  try {
    compileMetadataSchema(schema).release();
  } catch (error) {
    if (error instanceof MetadataSchemaError) throw invalidMetadataSchema(error);
    throw error;
  }
}

/** Creates a collection on the named model or the organization's default; names are unique per organization. */
export async function createCollection(
  caller: CollectionsCaller,
  input: z.infer<typeof createCollectionInputSchema>,
): Promise<Collection> {
  assertUsableMetadataSchema(input.metadataSchema);
  const { organizationId } = caller;
  try {
    return await caller.tenant(async (trx) => {
      const model = await writableModel(trx, organizationId, input.modelId);
      const created = await trx
        .insertInto("vector.collections")
        .values({
          organization_id: organizationId,
          model_id: model.id,
          name: input.name,
          description: input.description ?? null,
          metadata_schema: JSON.stringify(input.metadataSchema),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "collection.created",
        target: { type: "collection", id: created.id },
        metadata: { name: input.name, modelId: model.id },
        events: [],
      });
      return requireFound(await loadCollection(trx, organizationId, created.id), COLLECTION_NOT_FOUND);
    });
  } catch (error) {
    if (isCollectionNameTaken(error)) throw collectionNameTaken(input.name);
    throw error;
  }
}
