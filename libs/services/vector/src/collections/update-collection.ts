import type { Collection, updateCollectionInputSchema } from "@cauldron/contracts";
import { requireFound } from "@cauldron/rpc";
import type { z } from "zod";
import { isCollectionNameTaken, loadCollection } from "./collection-queries";
import { COLLECTION_NOT_FOUND, collectionNameTaken } from "./collection-refusals";
import type { CollectionsCaller } from "./collections-caller";
import { assertUsableMetadataSchema } from "./create-collection";

/** Renames, redescribes or changes the metadata schema of a collection; items stored already are not re-checked. */
export async function updateCollection(
  caller: CollectionsCaller,
  input: z.infer<typeof updateCollectionInputSchema>,
): Promise<Collection> {
  if (input.metadataSchema !== undefined) assertUsableMetadataSchema(input.metadataSchema);
  const { organizationId } = caller;
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.metadataSchema !== undefined ? { metadata_schema: JSON.stringify(input.metadataSchema) } : {}),
  };
  try {
    return await caller.tenant(async (trx) => {
      const updated = await trx
        .updateTable("vector.collections")
        .set(changes)
        .where("organization_id", "=", organizationId)
        .where("id", "=", input.collectionId)
        .returning("id")
        .executeTakeFirst();
      requireFound(updated, COLLECTION_NOT_FOUND);
      await caller.record(trx, {
        action: "collection.updated",
        target: { type: "collection", id: input.collectionId },
        metadata: {
          changedFields: (["name", "description", "metadataSchema"] as const).filter(
            (field) => input[field] !== undefined,
          ),
        },
        events: [],
      });
      return requireFound(await loadCollection(trx, organizationId, input.collectionId), COLLECTION_NOT_FOUND);
    });
  } catch (error) {
    if (input.name !== undefined && isCollectionNameTaken(error)) throw collectionNameTaken(input.name);
    throw error;
  }
}
