import { requireFound } from "@cauldron/rpc";
import { embeddingsDeletedEvents } from "../embeddings/embedding-events";
import { deleteCollectionWithEmbeddings, loadCollection } from "./collection-queries";
import { COLLECTION_NOT_FOUND } from "./collection-refusals";
import type { CollectionsCaller } from "./collections-caller";

/** What deleting a collection removed. */
export interface DeletedCollection {
  collectionId: string;
  deletedEmbeddings: number;
}

/**
 * Deletes a collection and, in the same transaction, the embeddings no other collection holds;
 * those are announced with `embedding.deleted` like any other deleted embedding.
 */
export async function deleteCollection(caller: CollectionsCaller, collectionId: string): Promise<DeletedCollection> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    const collection = requireFound(await loadCollection(trx, organizationId, collectionId), COLLECTION_NOT_FOUND);
    const embeddingIds = await deleteCollectionWithEmbeddings(trx, organizationId, collection.id);
    await caller.record(trx, {
      action: "collection.deleted",
      target: { type: "collection", id: collection.id },
      metadata: { name: collection.name, itemCount: collection.itemCount, deletedEmbeddings: embeddingIds.length },
      events: embeddingsDeletedEvents(organizationId, embeddingIds),
    });
    return { collectionId: collection.id, deletedEmbeddings: embeddingIds.length };
  });
}
